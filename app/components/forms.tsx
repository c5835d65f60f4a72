import type { ReactNode } from "react";
import { useActionData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { isMessageKey } from "~/i18n";
import type { ActionErrorBody, FormValues } from "~/modules/forms";

export type { ActionErrorBody, FormValues };
export type FieldErrors = Record<string, string | undefined>;
type Vars = Record<string, string | number>;

/** Translates an error code (a message key) coming from the action. */
export function useErrorText() {
  const t = useT();
  return (code: string | undefined, vars?: Vars) => (code ? (isMessageKey(code) ? t(code, vars) : code) : undefined);
}

/**
 * The last action's refusal (`actionError()`'s shape) and what it echoed back; empty after a success or before any
 * submit. `value(name)` gives one echoed value (the first, for repeated fields).
 */
export function useActionError() {
  const data = useActionData() as { error?: ActionErrorBody; values?: FormValues; intent?: string } | undefined;
  const values: FormValues = (data?.error && data.values) || {};
  return {
    error: data?.error ?? null,
    values,
    intent: data?.error ? data.intent : undefined,
    value: (name: string): string | undefined => {
      const v = values[name];
      return Array.isArray(v) ? v[0] : v;
    },
  };
}

/** This field's part of an action's error: its own message (with vars) or its entry among a failed parse's fields (with its fieldVars). */
export function fieldProblem(errors: ActionErrorBody | null | undefined, name: string): { key: string; vars?: Vars } | undefined {
  if (!errors) return undefined;
  if (errors.field === name) return { key: errors.key, vars: errors.vars };
  const key = errors.fields?.[name];
  return key ? { key, vars: errors.fieldVars?.[name] } : undefined;
}

export interface FieldProps {
  name: string;
  label: string;
  /** Defaults to `f-<name>`; set it when a page has several forms with the same field name. */
  id?: string;
  type?: string;
  defaultValue?: string;
  /** A message key for this field (with errorVars)… */
  error?: string;
  errorVars?: Vars;
  /** …or the action's whole error (`result?.error`): the field shows its own part of it. */
  errors?: ActionErrorBody | null;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  autoFocus?: boolean;
  maxLength?: number;
  minLength?: number;
  placeholder?: string;
  inputMode?: "email" | "text" | "numeric" | "decimal" | "url" | "tel";
  /** The id of a <datalist> of suggestions (a text input only). */
  list?: string;
  /** A textarea (rows default 5). */
  multiline?: boolean;
  rows?: number;
  /** A select with these options. */
  options?: readonly { value: string; label: string }[];
}

/** Label, input (or textarea, or select), hint and the translated error, tied together with aria-describedby. */
export function Field(props: FieldProps) {
  const problem = props.error ? { key: props.error, vars: props.errorVars } : fieldProblem(props.errors, props.name);
  const errorText = useErrorText()(problem?.key, problem?.vars);
  const id = props.id ?? `f-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : null, errorText ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    defaultValue: props.defaultValue,
    required: props.required,
    autoFocus: props.autoFocus,
    "aria-invalid": errorText ? true : undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div className={`field${errorText ? " has-error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.options ? (
        <select {...common} autoComplete={props.autoComplete}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : props.multiline ? (
        <textarea {...common} rows={props.rows ?? 5} maxLength={props.maxLength} minLength={props.minLength} placeholder={props.placeholder} />
      ) : (
        <input
          {...common}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          list={props.list}
          maxLength={props.maxLength}
          minLength={props.minLength}
          placeholder={props.placeholder}
        />
      )}
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {errorText ? (
        <p className="field-error" id={`${id}-error`}>
          {errorText}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The message above a form: a message key (code, vars), or an action's error — its own message when it is about the
 * whole form, else a summary pointing at the fields (each field shows its own message).
 */
export function FormError(props: { code?: string; vars?: Vars; error?: ActionErrorBody | null; summary?: string }) {
  const e = props.error;
  const aboutFields = !!e && (e.field !== null || Object.keys(e.fields ?? {}).length > 0);
  const code = props.code ?? (e ? (aboutFields ? (props.summary ?? "error.400.title") : e.key) : undefined);
  const text = useErrorText()(code, props.code ? props.vars : aboutFields ? undefined : e?.vars);
  if (!text) return null;
  return (
    <div className="form-error" role="alert">
      {text}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}
