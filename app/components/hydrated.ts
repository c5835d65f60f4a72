import { useEffect, useState } from "react";

/** False during SSR and the first client render: progressive enhancements switch on only after it. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
