/** What the ledger page's action answers on a refusal: the form that failed and every value sent (lists kept). */
export interface LedgerResult {
  intent: string;
  error: string;
  vars: Record<string, string | number>;
  field: string | null;
  values: Record<string, string[]>;
}

/** "1200.00" → "1200", "12.50" → "12.5" for inputs. */
export const trimZeros = (v: string) => v.replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
