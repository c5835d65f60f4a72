import { createContext, useContext } from "react";

const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;
/** The CSP nonce comes from entry.server through context, never through loader data (Remix #5162). */
export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
