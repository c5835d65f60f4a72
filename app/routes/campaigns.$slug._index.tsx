import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useErrorText } from "~/components/forms";
import { pickLang } from "~/components/groups";
import { PostBody } from "~/components/threads";
import { ThreadSection } from "~/components/thread-section";
import { StatusBadge } from "~/components/campaigns";
import { formatDate, formatNumber } from "~/i18n/format";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { formObject, readForm } from "~/modules/forms";
import { can, notFound } from "~/modules/policy/authorize.server";
import { campaignAccess } from "~/modules/campaigns/access.server";
import { threadAccess } from "~/modules/threads/access.server";
import { handleThreadIntent, isThreadForm, loadThreadView } from "~/modules/threads/section.server";
import { isThreadActionError } from "~/modules/threads/section";
import {
  addDeliverable,
  applyToCampaign,
  decideApplication,
  deleteDeliverable,
  deliverableOwners,
  listDeliverables,
  listParticipants,
  updateDeliverable,
  withdrawParticipant,
} from "~/modules/campaigns/campaigns.server";
import { countryName } from "~/modules/campaigns/constants";
import { todayIn } from "~/lib/zoned-time";
import { renderMarkdown } from "~/modules/threads/markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · ${data.titleOther}` : "Kampaņa · Campaign" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const { campaign: c, may, facts } = a;
  const locale = viewer.locale;
  const url = new URL(request.url);
  const [participants, deliverables, owners, threadA] = await Promise.all([
    listParticipants(context.db, c.id),
    may.participate ? listDeliverables(context.db, c.id) : null,
    may.manage ? deliverableOwners(context.db, c.id) : [],
    may.participate && c.thread_id ? threadAccess(context.db, viewer, c.thread_id) : null,
  ]);
  const thread = threadA ? await loadThreadView(context, viewer, threadA, url, { path: `/campaigns/${c.slug}`, anchor: "thread" }) : null;
  const desc = pickLang(locale, c.description_lv, c.description_en);
  const accepted = participants.filter((p) => p.status === "accepted");
  // What each viewer sees of the participants: the coordinator everything; others the accepted organisations, and
  // their own organisation's application in full. Needs and notes of other organisations stay with the coordinator.
  const mine = participants.find((p) => p.orgId === viewer.orgId) ?? null;
  return {
    id: c.id,
    slug: c.slug,
    title: pickLang(locale, c.title_lv, c.title_en).text,
    titleOther: locale === "lv" ? c.title_en : c.title_lv,
    type: c.type,
    status: c.status,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    deadline: c.application_deadline,
    deadlinePassed: c.application_deadline < todayIn(),
    place: [c.city, c.country ? countryName(c.country, locale) : ""].filter(Boolean).join(", "),
    markets: c.target_markets.map((m) => ({ code: m, name: countryName(m, locale) })),
    coordinator: { id: c.coordinator_id, name: c.coordinator_name },
    standArea: c.stand_area_m2,
    maxOrgs: c.max_orgs,
    acceptedCount: accepted.length,
    full: accepted.length >= c.max_orgs,
    linkedEventId: c.linked_event_id,
    descriptionHtml: desc.text ? renderMarkdown(desc.text) : "",
    descriptionFallback: desc.fallback,
    may,
    myStatus: facts.participant,
    // The organisation's own application as its admin entered it (area and delegates only; nothing else is sent).
    mine: mine && viewer.orgRole === "admin" ? { status: mine.status, area: mine.area, delegates: mine.delegates } : null,
    orgAdmin: viewer.orgRole === "admin",
    orgName: viewer.orgName,
    viewerOrgId: viewer.orgId,
    participants: may.manage ? participants : null,
    acceptedOrgs: accepted.map((p) => ({ id: p.orgId, name: p.orgName, slug: p.orgSlug })),
    deliverables: deliverables?.map((x) => ({ ...x, canUpdate: can(viewer, { action: "campaign.deliverable.update", campaign: facts, ownerOrgId: x.ownerOrgId }) })) ?? null,
    owners,
    thread,
    today: todayIn(),
  };
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const form = await readForm(request, 512 * 1024);
  const here = `/campaigns/${a.campaign.slug}`;
  if (isThreadForm(form)) {
    // The campaign's discussion: its participants only (campaign.participate), like the page shows it.
    const t = a.may.participate && a.campaign.thread_id ? await threadAccess(context.db, viewer, a.campaign.thread_id) : null;
    if (!t) notFound();
    return handleThreadIntent(context, viewer, t, form, here);
  }
  const raw = formObject(form);
  const intent = String(form.get("intent") ?? "");
  const str = (k: string) => String(form.get(k) ?? "");
  try {
    switch (intent) {
      case "apply": {
        const status = await applyToCampaign(context, viewer, a, raw);
        return redirect(`${here}?done=${status === "waitlisted" ? "waitlisted" : "applied"}#mine`);
      }
      case "withdraw":
        await withdrawParticipant(context, viewer, a, { reason: raw.reason });
        return redirect(`${here}?done=withdrawn`);
      case "recordWithdrawal":
        await withdrawParticipant(context, viewer, a, { participantId: str("participantId"), reason: raw.reason });
        return redirect(`${here}?done=withdrawalRecorded#participants`);
      case "accept":
      case "decline":
      case "waitlist":
        await decideApplication(context, viewer, a, str("participantId"), intent);
        return redirect(`${here}?done=${intent}#participants`);
      case "addDeliverable":
        await addDeliverable(context, viewer, a, raw);
        return redirect(`${here}?done=deliverableAdded#deliverables`);
      case "updateDeliverable":
        await updateDeliverable(context, viewer, a, str("deliverableId"), raw);
        return redirect(`${here}?done=deliverableSaved#deliverables`);
      case "deleteDeliverable":
        await deleteDeliverable(context, viewer, a, str("deliverableId"));
        return redirect(`${here}?done=deliverableDeleted#deliverables`);
      default:
        throw new ActionError(400, "error.400.title");
    }
  } catch (err) {
    if (err instanceof ActionError) {
      return data(
        {
          error: err.key,
          vars: err.vars,
          field: err.field ?? null,
          intent,
          target: str("participantId") || str("deliverableId"),
          values: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v])),
        },
        { status: err.status, headers: err.status === 429 ? { "Retry-After": String(err.vars.seconds ?? 60) } : undefined },
      );
    }
    throw err;
  }
}

const DONE: Record<string, MessageKey> = {
  created: "campaigns.done.created",
  saved: "campaigns.done.saved",
  status: "campaigns.done.status",
  applied: "campaigns.done.applied",
  waitlisted: "campaigns.done.waitlisted",
  withdrawn: "campaigns.done.withdrawn",
  withdrawalRecorded: "campaigns.done.withdrawalRecorded",
  accept: "campaigns.done.accepted",
  decline: "campaigns.done.declined",
  waitlist: "campaigns.done.waitlistedByCoordinator",
  deliverableAdded: "campaigns.done.deliverableAdded",
  deliverableSaved: "campaigns.done.deliverableSaved",
  deliverableDeleted: "campaigns.done.deliverableDeleted",
};

export default function CampaignPage() {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The discussion's own errors are shown by <ThreadSection>.
  const result = actionData && !isThreadActionError(actionData) ? actionData : null;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const here = `/campaigns/${d.slug}`;
  const errorFor = (intents: string[], target?: string) =>
    result && intents.includes(result.intent) && (target === undefined || result.target === target) ? result : null;
  const applyError = errorFor(["apply"]);
  const mineError = errorFor(["withdraw"]);
  const deliverableError = errorFor(["addDeliverable"]);
  const otherError =
    result && !["apply", "withdraw", "addDeliverable", "accept", "decline", "waitlist", "recordWithdrawal", "updateDeliverable", "deleteDeliverable"].includes(result.intent)
      ? result
      : null;

  return (
    <div className="campaign-page">
      <p className="breadcrumb">
        <Link to="/campaigns">{t("nav.campaigns")}</Link>
      </p>
      <section className="page" aria-labelledby="campaign-h">
        <div className="page-head">
          <h1 id="campaign-h">{d.title}</h1>
          <div className="button-row">
            {d.may.ledgerView ? (
              <Link to={`${here}/ledger`} className="button small">
                {t("campaigns.ledger.open")}
              </Link>
            ) : null}
            {d.may.manage ? (
              <Link to={`${here}/edit`} className="button secondary small">
                {t("campaigns.edit")}
              </Link>
            ) : null}
          </div>
        </div>
        <p className="button-row">
          <StatusBadge status={d.status} />
          <span className="badge">{t(`campaigns.type.${d.type}`)}</span>
        </p>
        {done && DONE[done] ? <Notice>{t(DONE[done])}</Notice> : null}
        {otherError ? <FormError code={otherError.error} vars={otherError.vars} /> : null}
        <dl className="facts">
          <dt>{t("campaigns.facts.dates")}</dt>
          <dd>
            {formatDate(d.startsOn, locale)}–{formatDate(d.endsOn, locale)}
          </dd>
          {d.place ? (
            <>
              <dt>{t("campaigns.facts.place")}</dt>
              <dd>{d.place}</dd>
            </>
          ) : null}
          <dt>{t("campaigns.facts.deadline")}</dt>
          <dd>
            {formatDate(d.deadline, locale)}
            {d.deadlinePassed && d.status === "recruiting" ? <span className="muted"> · {t("campaigns.facts.deadlinePassed")}</span> : null}
          </dd>
          {d.markets.length ? (
            <>
              <dt>{t("campaigns.markets")}</dt>
              <dd>
                {d.markets.map((m) => (
                  <Link key={m.code} className="tag" to={`/campaigns?market=${m.code}`}>
                    {m.name}
                  </Link>
                ))}
              </dd>
            </>
          ) : null}
          <dt>{t("campaigns.facts.coordinator")}</dt>
          <dd>
            <Link to={`/directory/people/${d.coordinator.id}`}>{d.coordinator.name}</Link>
          </dd>
          {d.standArea ? (
            <>
              <dt>{t("campaigns.facts.standArea")}</dt>
              <dd>{formatNumber(d.standArea.replace(/\.?0+$/, ""), locale)} m²</dd>
            </>
          ) : null}
          <dt>{t("campaigns.facts.places")}</dt>
          <dd>{t("campaigns.places", { count: d.acceptedCount, max: d.maxOrgs })}</dd>
        </dl>
        {d.descriptionHtml ? (
          <div className="campaign-description" lang={d.descriptionFallback ?? undefined}>
            {d.descriptionFallback ? <p className="muted">{t(`groups.fallback.${d.descriptionFallback}`)}</p> : null}
            <PostBody html={d.descriptionHtml} />
          </div>
        ) : null}
      </section>

      <section className="page" id="mine" aria-labelledby="mine-h">
        <h2 id="mine-h">{t("campaigns.mine.title", { org: d.orgName })}</h2>
        {applyError && !d.may.apply ? <FormError code={applyError.error} vars={applyError.vars} /> : null}
        {d.myStatus ? (
          <p>
            {t(`campaigns.mine.${d.myStatus}.long` as MessageKey)}
            {d.mine && d.mine.status !== "withdrawn" ? (
              <span className="muted">
                {" "}
                · {t("campaigns.apply.area")}: {formatNumber(d.mine.area.replace(/\.?0+$/, "") || "0", locale)} m² · {t("campaigns.apply.delegates")}: {d.mine.delegates}
              </span>
            ) : null}
          </p>
        ) : null}
        {d.may.apply ? (
          <Form method="post" className="card apply-form" noValidate>
            <input type="hidden" name="intent" value="apply" />
            <h3>{t("campaigns.apply.title")}</h3>
            {d.full ? <p className="notice">{t("campaigns.apply.fullNotice")}</p> : null}
            {applyError && !applyError.field ? <FormError code={applyError.error} vars={applyError.vars} /> : null}
            <div className="form-grid">
              <SmallField name="area" label={t("campaigns.apply.area")} inputMode="decimal" error={applyError?.field === "area" ? applyError.error : undefined} value={applyError?.values.area} />
              <SmallField name="delegates" label={t("campaigns.apply.delegates")} inputMode="numeric" error={applyError?.field === "delegates" ? applyError.error : undefined} value={applyError?.values.delegates} />
            </div>
            <SmallField name="products" label={t("campaigns.apply.products")} multiline error={applyError?.field === "products" ? applyError.error : undefined} value={applyError?.values.products} />
            <SmallField name="note" label={t("campaigns.apply.note")} multiline error={applyError?.field === "note" ? applyError.error : undefined} value={applyError?.values.note} />
            <button type="submit" className="button" disabled={busy}>
              {t("campaigns.apply.submit", { org: d.orgName })}
            </button>
          </Form>
        ) : d.status === "recruiting" && !d.myStatus && !d.orgAdmin ? (
          <p>{t("campaigns.apply.adminOnly")}</p>
        ) : !d.myStatus && d.status !== "recruiting" ? (
          <p className="muted">{t("campaigns.apply.closed")}</p>
        ) : null}
        {d.may.withdraw ? (
          <Form method="post" className="card" noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <h3>{t("campaigns.withdraw.title")}</h3>
            <p className="muted">{d.myStatus === "accepted" ? t("campaigns.withdraw.consequence") : t("campaigns.withdraw.applicationOnly")}</p>
            {mineError ? <FormError code={mineError.error} vars={mineError.vars} /> : null}
            <SmallField name="reason" label={t("campaigns.withdraw.reason")} multiline />
            <button type="submit" className="button danger" disabled={busy}>
              {d.myStatus === "accepted" ? t("campaigns.withdraw.submit") : t("campaigns.withdraw.submitApplication")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="page" id="participants" aria-labelledby="participants-h">
        <h2 id="participants-h">{t("campaigns.participants.title")}</h2>
        {d.participants ? (
          <>
            {errorFor(["accept", "decline", "waitlist", "recordWithdrawal"]) ? (
              <FormError code={result!.error} vars={result!.vars} />
            ) : null}
            {d.participants.length === 0 ? <p className="muted">{t("campaigns.participants.none")}</p> : null}
            <div className="table-wrap">
              <table className="participants">
                <thead>
                  <tr>
                    <th scope="col">{t("campaigns.participants.org")}</th>
                    <th scope="col">{t("campaigns.participants.status")}</th>
                    <th scope="col">{t("campaigns.apply.area")}</th>
                    <th scope="col">{t("campaigns.apply.delegates")}</th>
                    <th scope="col">{t("campaigns.participants.needs")}</th>
                    <th scope="col">{t("campaigns.participants.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.participants.map((p) => (
                    <tr key={p.id} data-participant={p.orgName}>
                      <th scope="row">
                        <Link to={`/directory/orgs/${p.orgSlug}`}>{p.orgName}</Link>
                        <br />
                        <span className="muted">
                          {p.appliedBy ? `${p.appliedBy} · ` : ""}
                          {formatDate(p.appliedAt, locale)}
                        </span>
                      </th>
                      <td>
                        <span className={`badge participant-${p.status}`}>{t(`campaigns.participant.${p.status}` as MessageKey)}</span>
                        {p.withdrawalReason ? <p className="plain-note">{p.withdrawalReason}</p> : null}
                      </td>
                      <td>{formatNumber(p.area.replace(/\.?0+$/, "") || "0", locale)} m²</td>
                      <td>{p.delegates}</td>
                      <td>
                        {p.products ? <p className="plain-note">{p.products}</p> : null}
                        {p.note ? <p className="plain-note muted">{p.note}</p> : null}
                      </td>
                      <td>
                        {p.status === "applied" || p.status === "waitlisted" ? (
                          <Form method="post" className="button-row">
                            <input type="hidden" name="participantId" value={p.id} />
                            <button type="submit" name="intent" value="accept" className="button small">
                              {t("campaigns.participants.accept")}
                              <span className="visually-hidden"> — {p.orgName}</span>
                            </button>
                            {p.status === "applied" ? (
                              <button type="submit" name="intent" value="waitlist" className="button small secondary">
                                {t("campaigns.participants.waitlist")}
                                <span className="visually-hidden"> — {p.orgName}</span>
                              </button>
                            ) : null}
                            <button type="submit" name="intent" value="decline" className="button small secondary">
                              {t("campaigns.participants.decline")}
                              <span className="visually-hidden"> — {p.orgName}</span>
                            </button>
                          </Form>
                        ) : null}
                        {p.status === "accepted" ? (
                          <details>
                            <summary>{t("campaigns.participants.recordWithdrawal")}</summary>
                            <Form method="post">
                              <input type="hidden" name="intent" value="recordWithdrawal" />
                              <input type="hidden" name="participantId" value={p.id} />
                              <SmallField name="reason" label={t("campaigns.withdraw.reason")} id={`reason-${p.id}`} />
                              <button type="submit" className="button small danger">
                                {t("campaigns.participants.recordWithdrawalSubmit")}
                                <span className="visually-hidden"> — {p.orgName}</span>
                              </button>
                            </Form>
                          </details>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : d.acceptedOrgs.length ? (
          <ul className="list">
            {d.acceptedOrgs.map((o) => (
              <li key={o.id}>
                <Link to={`/directory/orgs/${o.slug}`}>{o.name}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("campaigns.participants.noneAccepted")}</p>
        )}
      </section>

      {d.deliverables ? (
        <section className="page" id="deliverables" aria-labelledby="deliverables-h">
          <h2 id="deliverables-h">{t("campaigns.deliverables.title")}</h2>
          {errorFor(["updateDeliverable", "deleteDeliverable"]) ? <FormError code={result!.error} vars={result!.vars} /> : null}
          {d.deliverables.length === 0 ? <p className="muted">{t("campaigns.deliverables.none")}</p> : null}
          {d.deliverables.length ? (
            <div className="table-wrap">
              <table className="deliverables">
                <thead>
                  <tr>
                    <th scope="col">{t("campaigns.deliverables.task")}</th>
                    <th scope="col">{t("campaigns.deliverables.owner")}</th>
                    <th scope="col">{t("campaigns.deliverables.due")}</th>
                    <th scope="col">{t("campaigns.deliverables.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.deliverables.map((x) => {
                    const title = pickLang(locale, x.titleLv, x.titleEn).text;
                    return (
                      <tr key={x.id} className={x.overdue ? "overdue" : x.status === "done" ? "done" : undefined}>
                        <th scope="row">{title}</th>
                        <td>{x.ownerOrg ?? "—"}</td>
                        <td>
                          <time dateTime={x.dueOn}>{formatDate(x.dueOn, locale)}</time>
                          {x.overdue ? <strong className="overdue-flag"> {t("campaigns.deliverables.overdue")}</strong> : null}
                        </td>
                        <td>
                          {x.canUpdate ? (
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="intent" value="updateDeliverable" />
                              <input type="hidden" name="deliverableId" value={x.id} />
                              <input type="hidden" name="statusOnly" value="yes" />
                              <label className="visually-hidden" htmlFor={`st-${x.id}`}>
                                {t("campaigns.deliverables.statusOf", { task: title })}
                              </label>
                              <select id={`st-${x.id}`} name="status" defaultValue={x.status}>
                                {(["todo", "in_progress", "done"] as const).map((s) => (
                                  <option key={s} value={s}>
                                    {t(`campaigns.deliverable.${s}`)}
                                  </option>
                                ))}
                              </select>{" "}
                              <button type="submit" className="button small secondary">
                                {t("common.save")}
                                <span className="visually-hidden"> — {title}</span>
                              </button>
                            </Form>
                          ) : (
                            t(`campaigns.deliverable.${x.status}`)
                          )}
                          {d.may.manage ? (
                            <details className="edit-deliverable">
                              <summary>
                                {t("campaigns.deliverables.edit")}
                                <span className="visually-hidden"> — {title}</span>
                              </summary>
                              <Form method="post" noValidate>
                                <input type="hidden" name="intent" value="updateDeliverable" />
                                <input type="hidden" name="deliverableId" value={x.id} />
                                <SmallField name="titleLv" id={`titleLv-${x.id}`} label={t("campaigns.deliverables.titleLv")} value={x.titleLv} />
                                <SmallField name="titleEn" id={`titleEn-${x.id}`} label={t("campaigns.deliverables.titleEn")} value={x.titleEn} />
                                <SmallField name="dueOn" id={`dueOn-${x.id}`} type="date" label={t("campaigns.deliverables.due")} value={x.dueOn} />
                                <div className="field">
                                  <label htmlFor={`owner-${x.id}`}>{t("campaigns.deliverables.owner")}</label>
                                  <select id={`owner-${x.id}`} name="ownerOrgId" defaultValue={x.ownerOrgId ?? ""}>
                                    <option value="">—</option>
                                    {d.owners.map((o) => (
                                      <option key={o.id} value={o.id}>
                                        {o.name}
                                      </option>
                                    ))}
                                  </select>
                                </div>
                                <div className="field">
                                  <label htmlFor={`status-${x.id}`}>{t("campaigns.deliverables.status")}</label>
                                  <select id={`status-${x.id}`} name="status" defaultValue={x.status}>
                                    {(["todo", "in_progress", "done"] as const).map((st) => (
                                      <option key={st} value={st}>
                                        {t(`campaigns.deliverable.${st}`)}
                                      </option>
                                    ))}
                                  </select>
                                </div>
                                <button type="submit" className="button small">
                                  {t("common.save")}
                                </button>
                              </Form>
                            </details>
                          ) : null}
                          {d.may.manage ? (
                            <Form method="post" className="inline">
                              <input type="hidden" name="intent" value="deleteDeliverable" />
                              <input type="hidden" name="deliverableId" value={x.id} />
                              <button type="submit" className="button-link">
                                {t("campaigns.deliverables.delete")}
                                <span className="visually-hidden"> — {title}</span>
                              </button>
                            </Form>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
          {d.may.manage ? (
            <Form method="post" className="card" noValidate>
              <input type="hidden" name="intent" value="addDeliverable" />
              <h3>{t("campaigns.deliverables.add")}</h3>
              {deliverableError && !["titleLv", "titleEn", "dueOn", "ownerOrgId"].includes(deliverableError.field ?? "") ? (
                <FormError code={deliverableError.error} vars={deliverableError.vars} />
              ) : null}
              <div className="form-grid">
                <SmallField name="titleLv" label={t("campaigns.deliverables.titleLv")} error={deliverableError?.field === "titleLv" ? deliverableError.error : undefined} value={deliverableError?.values.titleLv} />
                <SmallField name="titleEn" label={t("campaigns.deliverables.titleEn")} error={deliverableError?.field === "titleEn" ? deliverableError.error : undefined} value={deliverableError?.values.titleEn} />
              </div>
              <div className="form-grid">
                <SmallField name="dueOn" type="date" label={t("campaigns.deliverables.due")} error={deliverableError?.field === "dueOn" ? deliverableError.error : undefined} value={deliverableError?.values.dueOn} />
                <div className={`field${deliverableError?.field === "ownerOrgId" ? " has-error" : ""}`}>
                  <label htmlFor="f-ownerOrgId">{t("campaigns.deliverables.owner")}</label>
                  <select id="f-ownerOrgId" name="ownerOrgId" defaultValue={deliverableError?.values.ownerOrgId ?? ""}>
                    <option value="">—</option>
                    {d.owners.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                  {deliverableError?.field === "ownerOrgId" ? <p className="field-error">{err(deliverableError.error)}</p> : null}
                </div>
              </div>
              <button type="submit" className="button small" disabled={busy}>
                {t("campaigns.deliverables.addSubmit")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {d.thread ? (
        <ThreadSection
          view={d.thread}
          heading={t("campaigns.thread.title")}
          intro={<p className="muted">{t("campaigns.thread.who")}</p>}
          empty={t("campaigns.thread.empty")}
          cannotPost={<Notice>{t("campaigns.thread.readOnly")}</Notice>}
        />
      ) : null}
    </div>
  );
}

/** A compact labelled input (the page has several small forms; ids stay unique with `id`). */
function SmallField(props: {
  name: string;
  label: string;
  id?: string;
  type?: string;
  inputMode?: "decimal" | "numeric";
  multiline?: boolean;
  error?: string;
  value?: string;
}) {
  const err = useErrorText();
  const id = props.id ?? `f-${props.name}`;
  const errorText = err(props.error);
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
