import { useActionError, type ActionErrorBody, type FormValues } from "~/components/forms";

/** The ledger page's last refusal (`actionError(err, { values, intent })`): the form that failed and every value sent. */
export interface LedgerResult {
  intent: string;
  error: ActionErrorBody;
  values: FormValues;
}

export function useLedgerResult(): LedgerResult | null {
  const { error, values, intent } = useActionError();
  return error ? { error, values, intent: intent ?? "" } : null;
}

/** Every value sent under one name (lists kept). */
export function valuesOf(r: LedgerResult | null | undefined, name: string): string[] {
  const v = r?.values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** "1200.00" → "1200", "12.50" → "12.5" for inputs. */
export const trimZeros = (v: string) => v.replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
