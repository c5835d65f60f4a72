import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Field, FormError, useErrorText } from "~/components/forms";
import { requireMember } from "~/modules/auth/guards.server";
import type { Viewer } from "~/modules/auth/session.server";
import { assertCan, notFound } from "~/modules/policy/authorize.server";
import { fieldErrors, readForm } from "~/modules/forms";
import { getOrgProfile } from "~/modules/orgs/queries.server";
import { OrgFieldError, OrgProfileSchema, updateOrgProfile } from "~/modules/orgs/edit.server";
import { LEGAL_TYPES, ORG_SIZES } from "~/modules/orgs/constants";
import type { AppContext } from "~/context";

export const meta: MetaFunction = () => [{ title: "Rediģēt organizācijas profilu · Edit organisation profile" }];

/** Unknown or unapproved organisation: 404; a member who may not edit it: 403 (the profile itself is visible to members). */
async function loadEditable(request: Request, context: AppContext, slug: string | undefined) {
  const viewer: Viewer = await requireMember(request, context);
  const org = await getOrgProfile(context.db, slug ?? "");
  if (!org) notFound();
  assertCan(viewer, { action: "org.edit", orgId: org.id });
  return { viewer, org, asClusterAdmin: viewer.clusterRole === "admin" };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { org, asClusterAdmin } = await loadEditable(request, context, params.slug);
  return { org, asClusterAdmin };
}

type Values = Record<string, string>;

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { viewer, org, asClusterAdmin } = await loadEditable(request, context, params.slug);
  const form = await readForm(request, 64 * 1024);
  const values: Values = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") values[k] = v;
  const input = asClusterAdmin ? values : { ...values, name: undefined, legal_type: undefined, size: undefined };
  const parsed = OrgProfileSchema.safeParse(input);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    await updateOrgProfile(context, viewer.id, org.id, parsed.data, asClusterAdmin);
  } catch (err) {
    if (err instanceof OrgFieldError) return data({ errors: { [err.field]: err.key } as Record<string, string>, values }, { status: 400 });
    throw err;
  }
  return redirect(`/directory/orgs/${org.slug}?saved=1`);
}

function SelectField(props: { name: string; label: string; value: string; options: { value: string; label: string }[]; error?: string }) {
  const err = useErrorText()(props.error);
  const id = `f-${props.name}`;
  return (
    <div className={`field${err ? " has-error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value} aria-invalid={err ? true : undefined} aria-describedby={err ? `${id}-error` : undefined}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {err ? (
        <p className="field-error" id={`${id}-error`}>
          {err}
        </p>
      ) : null}
    </div>
  );
}

export default function EditOrgProfile() {
  const t = useT();
  const { org, asClusterAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const v: Values = result?.values ?? {
    name: org.name,
    legal_type: org.legal_type,
    size: org.size,
    description_lv: org.description_lv,
    description_en: org.description_en,
    website: org.website ?? "",
    city: org.city,
    country: org.country,
    competency_tags: org.competency_tags.join(", "),
  };
  return (
    <section className="page directory-edit">
      <p className="breadcrumb">
        <Link to={`/directory/orgs/${org.slug}`}>{org.name}</Link>
      </p>
      <h1>{t("directory.edit.title")}</h1>
      <p className="muted">{t("directory.edit.intro", { org: org.name })}</p>
      {Object.keys(errors).length > 0 ? <FormError code="error.400.title" /> : null}
      <Form method="post" noValidate>
        {asClusterAdmin ? (
          <fieldset>
            <legend>{t("directory.edit.adminOnly")}</legend>
            <Field name="name" label={t("directory.edit.name")} defaultValue={v.name} error={errors.name} required maxLength={160} />
            <SelectField
              name="legal_type"
              label={t("directory.edit.legalType")}
              value={v.legal_type ?? org.legal_type}
              options={LEGAL_TYPES.map((x) => ({ value: x, label: t(`org.type.${x}`) }))}
              error={errors.legal_type}
            />
            <SelectField
              name="size"
              label={t("directory.edit.size")}
              value={v.size ?? org.size}
              options={ORG_SIZES.map((x) => ({ value: x, label: t(`org.size.${x}`) }))}
              error={errors.size}
            />
          </fieldset>
        ) : (
          <p className="hint">{t("directory.edit.adminOnly")}</p>
        )}
        <Field name="description_lv" label={t("directory.edit.descriptionLv")} defaultValue={v.description_lv} error={errors.description_lv} hint={t("directory.edit.descriptionHint")} multiline maxLength={4000} />
        <Field name="description_en" label={t("directory.edit.descriptionEn")} defaultValue={v.description_en} error={errors.description_en} hint={t("directory.edit.descriptionHint")} multiline maxLength={4000} />
        <Field name="website" type="url" inputMode="url" label={t("directory.edit.website")} defaultValue={v.website} error={errors.website} hint={t("directory.edit.websiteHint")} maxLength={300} autoComplete="url" />
        <Field name="city" label={t("directory.edit.city")} defaultValue={v.city} error={errors.city} maxLength={80} autoComplete="address-level2" />
        <Field name="country" label={t("directory.edit.country")} defaultValue={v.country} error={errors.country} hint={t("directory.edit.countryHint")} maxLength={2} required />
        <Field name="competency_tags" label={t("directory.edit.tags")} defaultValue={v.competency_tags} error={errors.competency_tags} hint={t("directory.edit.tagsHint")} maxLength={1000} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t("directory.edit.submit")}
          </button>
          <Link to={`/directory/orgs/${org.slug}`} className="button secondary">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
