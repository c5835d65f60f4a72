import { useSyncExternalStore } from "react";

const never = () => () => {};

/** False during SSR and while hydrating: progressive enhancements switch on only after it (true at once after a client navigation). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
