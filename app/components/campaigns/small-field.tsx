import { useErrorText } from "~/components/forms";

/** A compact labelled input (the page has several small forms; ids stay unique with `id`). */
export function SmallField(props: {
  name: string;
  label: string;
  id?: string;
  type?: string;
  inputMode?: "decimal" | "numeric";
  multiline?: boolean;
  /** This field's part of the refusal (problemOf(result, name)). */
  error?: { key: string; vars?: Record<string, string | number> };
  value?: string;
}) {
  const err = useErrorText();
  const id = props.id ?? `f-${props.name}`;
  const errorText = err(props.error?.key, props.error?.vars);
  const common = {
    id,
    name: props.name,
    defaultValue: props.value,
    "aria-invalid": errorText ? true : undefined,
    "aria-describedby": errorText ? `${id}-error` : undefined,
  };
  return (
    <div className={`field${errorText ? " has-error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? <textarea {...common} rows={3} maxLength={2000} /> : <input {...common} type={props.type ?? "text"} inputMode={props.inputMode} />}
      {errorText ? (
        <p className="field-error" id={`${id}-error`}>
          {errorText}
        </p>
      ) : null}
    </div>
  );
}
