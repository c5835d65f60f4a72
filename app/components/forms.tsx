import type { ReactNode } from "react";
import { useActionData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDateInput, formatDateTimeInput, formatTimeInput } from "~/lib/date-input";
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
  /** The language of what is typed (date and time fields: the page's, whose format they expect). */
  lang?: string;
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
          lang={props.lang}
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

type DateTimeFieldProps = Omit<FieldProps, "type" | "multiline" | "rows" | "options" | "list" | "inputMode" | "autoComplete" | "lang" | "placeholder" | "minLength">;

/**
 * Plain text inputs for dates and times in the page's format (lv 14.10.2026. and 14.00, en 14/10/2026 and 14:00, 24-hour),
 * never the native date/time pickers (they follow the browser's language: mm/dd/yyyy and AM/PM on a Latvian page).
 * The format is the field's visible hint (with any hint of its own after it); the server reads what is typed with
 * ~/lib/date-input (the page's format or ISO). `defaultValue` is ISO ("2026-10-14", "14:00", "2026-10-14T14:00"),
 * shown in the page's format, or what the person typed (an echoed refusal), shown as typed.
 */
function TypedField(props: DateTimeFieldProps & { format: "date" | "time" | "datetime" }) {
  const t = useT();
  const locale = useLocale();
  const { format, hint, defaultValue, ...rest } = props;
  const shown = format === "date" ? formatDateInput(defaultValue, locale) : format === "time" ? formatTimeInput(defaultValue, locale) : formatDateTimeInput(defaultValue, locale);
  const formatHint = t(`form.${format}.hint`);
  return (
    <Field
      {...rest}
      type="text"
      inputMode={format === "datetime" ? "text" : "numeric"}
      autoComplete="off"
      lang={locale}
      defaultValue={shown}
      maxLength={props.maxLength ?? (format === "datetime" ? 40 : 12)}
      hint={hint ? `${formatHint}${/[.!?]$/.test(formatHint) ? "" : "."} ${hint}` : formatHint}
    />
  );
}

export function DateField(props: DateTimeFieldProps) {
  return <TypedField {...props} format="date" />;
}

export function TimeField(props: DateTimeFieldProps) {
  return <TypedField {...props} format="time" />;
}

export function DateTimeField(props: DateTimeFieldProps) {
  return <TypedField {...props} format="datetime" />;
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
