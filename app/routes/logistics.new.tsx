import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { DateTimeField, Field, FormError, useActionError } from "~/components/forms";
import { countryName } from "~/components/directory";
import { RegionHelp } from "~/components/logistics";
import { Check, DangerousGoods, Group, Select } from "~/components/logistics/request-form";
import { PlaceField } from "~/components/logistics/place-field";
import { requireMember } from "~/modules/auth/guards.server";
import { FormInvalid } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { COUNTRY_CODES } from "~/modules/logistics/countries";
import { placeSuggestions } from "~/modules/logistics/geo";
import { isCountry, parseRequestForm } from "~/modules/logistics/input";
import { CUSTOMS, INCOTERMS, PACKAGINGS, TEMP_CLASSES } from "~/modules/logistics/reference";
import { createRequest } from "~/modules/logistics/requests.server";
import { assertCan } from "~/modules/policy/authorize.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.logistics.new")];

/** Towns offered in the place fields' lists without JavaScript (the chosen country's largest and the platform's own). */
const INITIAL_PLACES = 150;
const DEFAULT_COUNTRY = { origin: "LV", destination: "DE" } as const;

function initialPlaces(values: Record<string, string> = {}) {
  const of = (end: "origin" | "destination") => {
    const c = (values[`${end}Country`] ?? "").toUpperCase();
    return placeSuggestions(isCountry(c) ? c : DEFAULT_COUNTRY[end], "", INITIAL_PLACES);
  };
  return { origin: of("origin"), destination: of("destination") };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "logistics.use" });
  return { places: initialPlaces() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "logistics.use" });
  const form = await readForm(request, 64 * 1024);
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in values)) values[k] = v;
  const parsed = parseRequestForm(values, new Date());
  // Every field's message with its variables (FormInvalid's fields and fieldVars, in the one error shape).
  if (!parsed.ok) return actionError(new FormInvalid(parsed.errors, {}, parsed.vars), { values, places: initialPlaces(values) });
  try {
    const { id } = await createRequest(context, viewer, parsed.value);
    return redirect(`/logistics/requests/${id}?created=1`);
  } catch (err) {
    return actionError(err, { values, places: initialPlaces(values) });
  }
}

export default function NewRequest() {
  const t = useT();
  const locale = useLocale();
  const result = useActionData<{ values?: Record<string, string>; places?: { origin: string[]; destination: string[] } }>();
  const loaded = useLoaderData<typeof loader>();
  const initial = result?.places ?? loaded.places;
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  const v = result?.values ?? {};
  const e = error?.fields ?? {};
  const vars = error?.fieldVars ?? {};
  const countries = COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
  const place = (prefix: "origin" | "destination", defCountry: string) => (
    <div className="field-row">
      <PlaceField prefix={prefix} label={t("logistics.field.city")} defaultValue={v[`${prefix}City`]} errors={error} initial={initial[prefix]} />
      <Field name={`${prefix}Postcode`} label={t("logistics.field.postcode")} defaultValue={v[`${prefix}Postcode`]} errors={error} required maxLength={12} />
      <Select name={`${prefix}Country`} label={t("logistics.field.country")} options={countries} value={v[`${prefix}Country`] ?? defCountry} error={e[`${prefix}Country`]} />
    </div>
  );
  return (
    <section className="page" aria-labelledby="new-h">
      <h1 id="new-h">{t("logistics.new.title")}</h1>
      <p className="muted">{t("logistics.new.intro")}</p>
      <RegionHelp />
      <FormError error={error} summary="logistics.error.form" />
      <Form method="post" noValidate className="logistics-form">
        <Group legend={t("logistics.form.from")} hint={t("logistics.form.cityHint")}>
          {place("origin", "LV")}
        </Group>
        <Group legend={t("logistics.form.to")}>{place("destination", "DE")}</Group>

        <Group legend={t("logistics.form.dates")} hint={t("logistics.form.datesHint")}>
          <div className="field-row">
            <DateTimeField name="earliestPickup" label={t("logistics.field.earliestPickup")} defaultValue={v.earliestPickup} errors={error} required />
            <DateTimeField name="latestPickup" label={t("logistics.field.latestPickup")} defaultValue={v.latestPickup} errors={error} required />
          </div>
          <div className="field-row">
            <DateTimeField name="earliestDelivery" label={t("logistics.field.earliestDelivery")} hint={t("logistics.field.earliestDeliveryHint")} defaultValue={v.earliestDelivery} errors={error} />
            <DateTimeField name="latestDelivery" label={t("logistics.field.latestDelivery")} defaultValue={v.latestDelivery} errors={error} required />
          </div>
        </Group>

        <Group legend={t("logistics.form.goods")}>
          <Field name="goods" label={t("logistics.field.goods")} hint={t("logistics.field.goodsHint")} defaultValue={v.goods} errors={error} required multiline maxLength={500} />
          <div className="field-row">
            <Select
              name="packaging"
              label={t("logistics.field.packaging")}
              options={PACKAGINGS.map((p) => ({ value: p, label: t(`logistics.packaging.${p}`) }))}
              value={v.packaging ?? "eur_pallet"}
              error={e.packaging}
            />
            <Field name="units" label={t("logistics.field.units")} inputMode="numeric" defaultValue={v.units} errors={error} required />
            <Field name="grossKg" label={t("logistics.field.grossKg")} inputMode="decimal" defaultValue={v.grossKg} errors={error} required />
          </div>
          <div className="field-row">
            <Field name="volumeM3" label={t("logistics.field.volume")} inputMode="decimal" defaultValue={v.volumeM3} errors={error} />
            <Field name="ldm" label={t("logistics.field.ldm")} hint={t("logistics.field.ldmHint")} inputMode="decimal" defaultValue={v.ldm} errors={error} />
          </div>
          <Check name="stackable" label={t("logistics.field.stackable")} hint={t("logistics.field.stackableHint")} checked={v.stackable === "on"} />
        </Group>

        <Group legend={t("logistics.form.temperature")}>
          <Select
            name="tempClass"
            label={t("logistics.field.temp")}
            options={TEMP_CLASSES.map((c) => ({ value: c, label: t(`logistics.temp.${c}`) }))}
            value={v.tempClass ?? "CRT_15_25"}
            error={e.tempClass}
          />
          <Check name="gdp" label={t("logistics.field.gdp")} hint={t("logistics.field.gdpHint")} checked={v.gdp === "on"} />
        </Group>

        <DangerousGoods v={v} e={e} vars={vars} />

        <Group legend={t("logistics.form.terms")}>
          <div className="field-row">
            <Select
              name="incoterm"
              label={t("logistics.field.incoterm")}
              hint={t("logistics.field.incotermHint")}
              options={INCOTERMS.map((c) => ({ value: c, label: `${c} — ${t(`logistics.incoterm.${c}`)}` }))}
              value={v.incoterm ?? "DAP"}
              error={e.incoterm}
            />
            <Field name="namedPlace" label={t("logistics.field.namedPlace")} hint={t("logistics.field.namedPlaceHint")} defaultValue={v.namedPlace} errors={error} required maxLength={120} />
          </div>
          <div className="field-row">
            <Select
              name="role"
              label={t("logistics.field.role")}
              options={[
                { value: "seller", label: t("logistics.role.seller") },
                { value: "buyer", label: t("logistics.role.buyer") },
              ]}
              value={v.role ?? "seller"}
              error={e.role}
            />
            <Select
              name="customs"
              label={t("logistics.field.customs")}
              options={CUSTOMS.map((c) => ({ value: c, label: t(`logistics.customs.${c}`) }))}
              value={v.customs ?? "eu_internal"}
              error={e.customs}
            />
          </div>
        </Group>

        <Group legend={t("logistics.form.private")} hint={t("logistics.form.privateHint")}>
          <div className="field-row">
            <Field name="ref" label={t("logistics.field.ref")} defaultValue={v.ref} errors={error} maxLength={60} />
            <Field name="consignee" label={t("logistics.field.consignee")} defaultValue={v.consignee} errors={error} maxLength={200} />
          </div>
          <div className="field-row">
            <Field name="goodsValueEur" label={t("logistics.field.goodsValue")} inputMode="decimal" defaultValue={v.goodsValueEur} errors={error} />
            <Field name="standaloneEur" label={t("logistics.field.standalone")} hint={t("logistics.field.standaloneHint")} inputMode="decimal" defaultValue={v.standaloneEur} errors={error} />
          </div>
          <Field name="contact" label={t("logistics.field.contact")} hint={t("logistics.field.contactHint")} defaultValue={v.contact} errors={error} maxLength={300} />
          <Field name="notes" label={t("logistics.field.notes")} defaultValue={v.notes} errors={error} multiline maxLength={2000} />
        </Group>

        <button type="submit" className="button" disabled={busy}>
          {t("logistics.new.submit")}
        </button>
      </Form>
    </section>
  );
}
