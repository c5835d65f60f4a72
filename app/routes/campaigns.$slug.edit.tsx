import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { pickLang } from "~/components/groups";
import { CampaignFields, firstValues, StatusBadge } from "~/components/campaigns";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { notFound } from "~/modules/policy/authorize.server";
import { campaignAccess } from "~/modules/campaigns/access.server";
import { CampaignInputSchema, changeStatus, coordinatorChoices, statusHistory, updateCampaign } from "~/modules/campaigns/campaigns.server";
import { TRANSITIONS } from "~/modules/campaigns/constants";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.campaigns.slug.edit", data ? data.title : undefined)];

async function load(request: Request, slug: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: slug ?? "" });
  if (!a) notFound();
  if (!a.may.manage) throw new Response("Forbidden", { status: 403 });
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  const c = a.campaign;
  const [coordinators, history] = await Promise.all([coordinatorChoices(context.db), statusHistory(context.db, c.id)]);
  return {
    slug: c.slug,
    title: pickLang(viewer.locale, c.title_lv, c.title_en).text,
    editLabel: viewer.locale === "lv" ? "Labot" : "Edit",
    status: c.status,
    next: TRANSITIONS[c.status],
    values: {
      titleLv: c.title_lv,
      titleEn: c.title_en,
      descriptionLv: c.description_lv,
      descriptionEn: c.description_en,
      type: c.type,
      markets: c.target_markets.join(", "),
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      applicationDeadline: c.application_deadline,
      city: c.city,
      country: c.country,
      maxOrgs: String(c.max_orgs),
      standArea: c.stand_area_m2 ?? "",
      coordinatorId: c.coordinator_id,
      reminderDays: String(c.reminder_days),
    },
    coordinators: coordinators.some((x) => x.id === c.coordinator_id) ? coordinators : [{ id: c.coordinator_id, name: c.coordinator_name, org: "" }, ...coordinators],
    history,
  };
}

/** The page's two forms: the workflow step and the details (checked by CampaignInputSchema). */
const Intent = z.discriminatedUnion("intent", [z.object({ intent: z.literal("status"), status: z.string().default(""), note: z.string().default("") }), z.object({ intent: z.literal("save") })]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  const form = await readForm(request, 64 * 1024);
  const values = formObject(form);
  const extra = { values, intent: typeof values.intent === "string" ? values.intent : "" };
  const parsed = parseForm(form, Intent);
  if (!parsed.ok) return actionError(parsed.error, extra);
  try {
    if (parsed.data.intent === "status") {
      await changeStatus(context, viewer, a, parsed.data.status, parsed.data.note);
      return redirect(`/campaigns/${a.campaign.slug}?done=status`);
    }
    const input = parseForm(form, CampaignInputSchema);
    if (!input.ok) return actionError(input.error, extra);
    await updateCampaign(context, viewer, a, input.data);
    return redirect(`/campaigns/${a.campaign.slug}?done=saved`);
  } catch (err) {
    return actionError(err, extra);
  }
}

export default function EditCampaign() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const { error, intent, values } = useActionError();
  const busy = useNavigation().state === "submitting";
  const saveError = intent === "save" ? error : null;
  const statusError = intent === "status" ? error : null;
  return (
    <div className="campaign-edit">
      <p className="breadcrumb">
        <Link to="/campaigns">{t("nav.campaigns")}</Link> › <Link to={`/campaigns/${d.slug}`}>{d.title}</Link>
      </p>
      <section className="page narrow" aria-labelledby="status-h">
        <h1>{t("campaigns.edit.title", { title: d.title })}</h1>
        <h2 id="status-h">{t("campaigns.workflow.title")}</h2>
        <p>
          {t("campaigns.workflow.current")} <StatusBadge status={d.status} />
        </p>
        <p className="muted">{t("campaigns.workflow.rule")}</p>
        {d.next.length ? (
          <Form method="post" className="card" noValidate>
            <input type="hidden" name="intent" value="status" />
            {statusError ? <FormError code={statusError.key} vars={statusError.vars} /> : null}
            <fieldset>
              <legend>{t("campaigns.workflow.next")}</legend>
              {d.next.map((s, i) => (
                <label key={s} className="radio">
                  <input type="radio" name="status" value={s} defaultChecked={i === 0} />
                  <span>{t(`campaigns.workflow.to.${s}` as MessageKey)}</span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="f-note">{t("campaigns.workflow.note")}</label>
              <textarea id="f-note" name="note" rows={2} maxLength={500} aria-describedby="f-note-hint" />
              <p className="hint" id="f-note-hint">
                {t("campaigns.workflow.noteHint")}
              </p>
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t("campaigns.workflow.submit")}
            </button>
          </Form>
        ) : (
          <p>{t("campaigns.workflow.final")}</p>
        )}
        <h3>{t("campaigns.workflow.history")}</h3>
        <ol className="list status-history">
          {d.history.map((h) => (
            <li key={h.id}>
              {h.from ? (
                <>
                  <StatusBadge status={h.from} /> → <StatusBadge status={h.to} />
                </>
              ) : (
                <StatusBadge status={h.to} />
              )}{" "}
              <span className="muted">
                {formatDateTime(h.at, locale)}
                {h.by ? ` · ${h.by}` : ""}
              </span>
              {h.note ? <p className="plain-note">{h.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <section className="page narrow" aria-labelledby="details-h">
        <h2 id="details-h">{t("campaigns.edit.details")}</h2>
        <FormError error={saveError} summary="campaigns.error.checkForm" />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save" />
          <CampaignFields values={saveError ? firstValues(values) : d.values} errors={saveError} coordinators={d.coordinators} />
          <button type="submit" className="button" disabled={busy}>
            {t("common.save")}
          </button>{" "}
          <Link to={`/campaigns/${d.slug}`} className="button secondary">
            {t("common.cancel")}
          </Link>
        </Form>
      </section>
    </div>
  );
}
