import type { ReactNode } from "react";
import { useT } from "~/components/i18n";
import { isMessageKey } from "~/i18n";

export type FieldErrors = Record<string, string | undefined>;

/** Translates an error code (a message key) coming from the action. */
export function useErrorText() {
  const t = useT();
  return (code: string | undefined, vars?: Record<string, string | number>) =>
    code ? (isMessageKey(code) ? t(code, vars) : code) : undefined;
}

export function Field(props: {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string;
  error?: string;
  /** Variables of the error message (e.g. a maximum), when it has any. */
  errorVars?: Record<string, string | number>;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  minLength?: number;
  inputMode?: "email" | "text" | "numeric" | "decimal" | "url" | "tel";
  multiline?: boolean;
}) {
  const errorText = useErrorText()(props.error, props.errorVars);
  const id = `f-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : null, errorText ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    defaultValue: props.defaultValue,
    required: props.required,
    "aria-invalid": errorText ? true : undefined,
    "aria-describedby": describedBy,
    maxLength: props.maxLength,
    minLength: props.minLength,
  };
  return (
    <div className={`field${errorText ? " has-error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={5} />
      ) : (
        <input {...common} type={props.type ?? "text"} autoComplete={props.autoComplete} inputMode={props.inputMode} />
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

export function FormError({ code, vars }: { code?: string; vars?: Record<string, string | number> }) {
  const text = useErrorText()(code, vars);
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
