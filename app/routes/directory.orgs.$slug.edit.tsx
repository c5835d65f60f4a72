import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Field, FormError, useActionError } from "~/components/forms";
import { requireMember } from "~/modules/auth/guards.server";
import type { Viewer } from "~/modules/policy/facts";
import { assertCan, notFound } from "~/modules/policy/authorize.server";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { getOrgProfile } from "~/modules/orgs/queries.server";
import { MAX_COMPETENCES, OrgProfileSchema, updateOrgProfile } from "~/modules/orgs/edit.server";
import { listTerms } from "~/modules/vocabulary/vocabulary.server";
import { TermChoice, termChoiceValues } from "~/components/vocabulary";
import { LEGAL_TYPES, ORG_SIZES } from "~/modules/orgs/constants";
import type { AppContext } from "~/context";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.directory.orgs.slug.edit")];

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
  return { org, asClusterAdmin, competences: await listTerms(context.db, "competence"), maxCompetences: MAX_COMPETENCES };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { viewer, org, asClusterAdmin } = await loadEditable(request, context, params.slug);
  const form = await readForm(request, 64 * 1024);
  const values = formObject(form);
  // Name, type and size are the cluster administrators' to change: anyone else's values for them are ignored.
  const input = { ...values };
  if (!asClusterAdmin) for (const k of ["name", "legal_type", "size"]) delete input[k];
  const parsed = parseForm(input, OrgProfileSchema);
  if (!parsed.ok) return actionError(parsed.error, { values });
  try {
    await updateOrgProfile(context, viewer.id, org.id, parsed.data, asClusterAdmin);
  } catch (err) {
    return actionError(err, { values });
  }
  return redirect(`/directory/orgs/${org.slug}?saved=1`);
}

export default function EditOrgProfile() {
  const t = useT();
  const { org, asClusterAdmin, competences, maxCompetences } = useLoaderData<typeof loader>();
  const { error, value, values } = useActionError();
  const chosen = termChoiceValues(
    "competency_tags",
    org.competency_tags.map((x) => x.key),
    error ? values : null,
  );
  const busy = useNavigation().state === "submitting";
  const stored: Record<string, string> = {
    name: org.name,
    legal_type: org.legal_type,
    size: org.size,
    description_lv: org.description_lv,
    description_en: org.description_en,
    website: org.website ?? "",
    city: org.city,
    country: org.country,
  };
  // After a refusal the form shows what was sent; otherwise what is stored.
  const v = (name: string) => (error ? value(name) : stored[name]);
  return (
    <section className="page directory-edit">
      <p className="breadcrumb">
        <Link to={`/directory/orgs/${org.slug}`}>{org.name}</Link>
      </p>
      <h1>{t("directory.edit.title")}</h1>
      <p className="muted">{t("directory.edit.intro", { org: org.name })}</p>
      <FormError error={error} />
      <Form method="post" noValidate>
        {asClusterAdmin ? (
          <fieldset>
            <legend>{t("directory.edit.adminOnly")}</legend>
            <Field name="name" label={t("directory.edit.name")} defaultValue={v("name")} errors={error} required maxLength={160} />
            <Field
              name="legal_type"
              label={t("directory.edit.legalType")}
              defaultValue={v("legal_type") ?? org.legal_type}
              options={LEGAL_TYPES.map((x) => ({ value: x, label: t(`org.type.${x}`) }))}
              errors={error}
            />
            <Field name="size" label={t("directory.edit.size")} defaultValue={v("size") ?? org.size} options={ORG_SIZES.map((x) => ({ value: x, label: t(`org.size.${x}`) }))} errors={error} />
          </fieldset>
        ) : (
          <p className="hint">{t("directory.edit.adminOnly")}</p>
        )}
        <Field
          name="description_lv"
          label={t("directory.edit.descriptionLv")}
          defaultValue={v("description_lv")}
          errors={error}
          hint={t("directory.edit.descriptionHint")}
          multiline
          maxLength={4000}
        />
        <Field
          name="description_en"
          label={t("directory.edit.descriptionEn")}
          defaultValue={v("description_en")}
          errors={error}
          hint={t("directory.edit.descriptionHint")}
          multiline
          maxLength={4000}
        />
        <Field
          name="website"
          type="url"
          inputMode="url"
          label={t("directory.edit.website")}
          defaultValue={v("website")}
          errors={error}
          hint={t("directory.edit.websiteHint")}
          maxLength={300}
          autoComplete="url"
        />
        <Field name="city" label={t("directory.edit.city")} defaultValue={v("city")} errors={error} maxLength={80} autoComplete="address-level2" />
        <Field name="country" label={t("directory.edit.country")} defaultValue={v("country")} errors={error} hint={t("directory.edit.countryHint")} maxLength={2} required />
        <TermChoice name="competency_tags" legend={t("directory.edit.tags")} terms={competences} {...chosen} max={maxCompetences} errors={error} />
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
