import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError } from "~/components/forms";
import { pickLang } from "~/components/groups";
import { CampaignFields, StatusBadge } from "~/components/campaigns";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { notFound } from "~/modules/policy/authorize.server";
import { campaignAccess } from "~/modules/campaigns/access.server";
import { CampaignInputSchema, changeStatus, coordinatorChoices, statusHistory, updateCampaign } from "~/modules/campaigns/campaigns.server";
import { TRANSITIONS } from "~/modules/campaigns/constants";
import { ActionError } from "~/modules/errors";
import { fieldErrors, readForm } from "~/modules/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · ${data.editLabel}` : "Kampaņa · Campaign" }];

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
    coordinators: coordinators.some((x) => x.id === c.coordinator_id)
      ? coordinators
      : [{ id: c.coordinator_id, name: c.coordinator_name, org: "" }, ...coordinators],
    history,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  const form = await readForm(request, 64 * 1024);
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const intent = values.intent;
  try {
    if (intent === "status") {
      await changeStatus(context, viewer, a, values.status, values.note);
      return redirect(`/campaigns/${a.campaign.slug}?done=status`);
    }
    if (intent !== "save") return data({ intent, errors: { _form: "error.400.title" } as Record<string, string>, values }, { status: 400 });
    const parsed = CampaignInputSchema.safeParse(values);
    if (!parsed.success) return data({ intent, errors: fieldErrors(parsed.error), values }, { status: 400 });
    await updateCampaign(context, viewer, a, parsed.data);
    return redirect(`/campaigns/${a.campaign.slug}?done=saved`);
  } catch (err) {
    if (err instanceof ActionError) return data({ intent, errors: { [err.field ?? "_form"]: err.key } as Record<string, string>, values }, { status: err.status });
    throw err;
  }
}

export default function EditCampaign() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const saveErrors: Record<string, string | undefined> = result?.intent === "save" ? result.errors : {};
  const statusError = result?.intent === "status" ? (result.errors.status ?? result.errors.note ?? result.errors._form) : undefined;
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
            {statusError ? <FormError code={statusError} /> : null}
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
        {Object.keys(saveErrors).length ? <FormError code={saveErrors._form ?? "campaigns.error.checkForm"} /> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save" />
          <CampaignFields values={result?.intent === "save" ? result.values : d.values} errors={saveErrors} coordinators={d.coordinators} />
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
