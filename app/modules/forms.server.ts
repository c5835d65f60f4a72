import { data } from "@remix-run/node";
import { ZodError } from "zod";
import { ActionError, FormInvalid } from "./errors";
import { fieldErrors, type ActionErrorBody, type FormValues } from "./forms";

export type { ActionErrorBody };

/**
 * Turns a refusal into the one action error response: an ActionError (FormInvalid, domain errors, demand()'s
 * reasons) or a ZodError. 429 adds Retry-After (vars.seconds, else 60). Anything else is not a refusal and is thrown
 * on (a Response such as notFound()'s 404, or a real failure → 500), so `catch (err) { return actionError(err) }`
 * is safe.
 */
export function actionError<E extends Record<string, unknown> = { values?: FormValues }>(err: unknown, extra?: E) {
  let e: ActionError;
  if (err instanceof ActionError) e = err;
  else if (err instanceof ZodError) e = new FormInvalid(fieldErrors(err));
  else throw err;
  const fields = e instanceof FormInvalid ? e.fields : e.field ? { [e.field]: e.key } : {};
  // A single-field refusal's variables are its own `vars`; a failed parse names each field's (only when some have any).
  const fieldVars = e instanceof FormInvalid ? e.fieldVars : {};
  const error: ActionErrorBody = { key: e.key, vars: e.vars, field: e.field ?? null, fields, ...(Object.keys(fieldVars).length > 0 ? { fieldVars } : {}) };
  const headers = e.status === 429 ? { "Retry-After": String(e.vars.seconds ?? 60) } : undefined;
  return data({ ...(extra as E), error }, { status: e.status, headers });
}
