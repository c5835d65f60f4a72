import { useEffect, useRef, type FormEvent } from "react";
import { useFetcher } from "@remix-run/react";
import { Field, type ActionErrorBody } from "~/components/forms";

/**
 * A town field with suggestions: a plain text input tied to a <datalist> that the server fills with the chosen
 * country's towns (works without JavaScript); with JavaScript, typing or changing the country asks /logistics/places
 * for matching towns. The server checks the place in any case (input.ts).
 */
export function PlaceField(props: {
  prefix: "origin" | "destination";
  label: string;
  hint?: string;
  defaultValue?: string;
  errors: ActionErrorBody | null;
  /** The towns rendered with the page (the selected country's largest and the platform's own names). */
  initial: string[];
}) {
  const fetcher = useFetcher<{ places: string[] }>();
  const listId = `${props.prefix}-places`;
  const wrap = useRef<HTMLDivElement>(null);
  const ask = (q: string) => {
    const country = (wrap.current?.closest(".field-row")?.querySelector(`select[name="${props.prefix}Country"]`) as HTMLSelectElement | null)?.value;
    if (!country) return;
    fetcher.load(`/logistics/places?${new URLSearchParams({ country, q })}`);
  };
  // The country select sits beside this field: a new country asks for its towns.
  useEffect(() => {
    const select = wrap.current?.closest(".field-row")?.querySelector(`select[name="${props.prefix}Country"]`);
    if (!select) return;
    const onChange = () => {
      const input = wrap.current?.querySelector("input");
      ask(input?.value ?? "");
    };
    select.addEventListener("change", onChange);
    return () => select.removeEventListener("change", onChange);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- ask only reads the DOM and the stable fetcher.load
  }, [props.prefix]);
  const places = fetcher.data?.places ?? props.initial;
  return (
    <div ref={wrap} className="place-field" onInput={(e: FormEvent<HTMLDivElement>) => ask((e.target as HTMLInputElement).value)}>
      <Field name={`${props.prefix}City`} label={props.label} hint={props.hint} defaultValue={props.defaultValue} errors={props.errors} required maxLength={80} list={listId} autoComplete="off" />
      <datalist id={listId}>
        {places.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
    </div>
  );
}
