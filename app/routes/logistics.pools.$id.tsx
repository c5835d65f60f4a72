import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Field, FormError, Notice, useErrorText } from "~/components/forms";
import { countryName } from "~/components/directory";
import { Fact, Facts, Lane, Notes, num, StatusBadge, Window } from "~/components/logistics";
import { ThreadSection } from "~/components/thread-section";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import type { Viewer } from "~/modules/auth/session.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { parseSeq } from "~/lib/ids";
import { formerPoolMember, poolAccess } from "~/modules/logistics/access.server";
import {
  advancePool,
  cancelPool,
  carrierOrgs,
  decideMembership,
  loadPoolView,
  parseQuoteForm,
  setContactSharing,
  setQuote,
} from "~/modules/logistics/pools.server";
import { POOL_LIMITS, POOL_STATUSES, SPLIT_METHODS, SURCHARGE_KINDS, type PoolStatus } from "~/modules/logistics/reference";
import { expireStale } from "~/modules/logistics/requests.server";
import { notFound } from "~/modules/policy/authorize.server";
import { subjectThreadAccess } from "~/modules/threads/access.server";
import { handleThreadIntent, isThreadForm, loadThreadView } from "~/modules/threads/section.server";
import { isThreadActionError } from "~/modules/threads/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.kind === "pool" ? data.pool.code : data.code} · Loģistika · Logistics` : "Loģistika · Logistics" },
];

async function load(request: Request, id: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const access = await poolAccess(context.db, viewer, id ?? "");
  if (!access) {
    const former = await formerPoolMember(context.db, viewer, id ?? "");
    if (!former) notFound();
    return { viewer, access: null, t: null, former };
  }
  const t = await subjectThreadAccess(context.db, viewer, "pool", access.pool.id);
  return { viewer, access, t, former: null };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, access, t, former } = await load(request, params.id, context);
  if (!access) return { kind: "former" as const, code: former!.code };
  await expireStale(context.db);
  const url = new URL(request.url);
  const pool = await loadPoolView(context.db, viewer, access, viewer.locale);
  const thread = t ? await loadThreadView(context, viewer, t, url, { path: `/logistics/pools/${access.pool.id}`, anchor: "discussion" }) : null;
  return {
    kind: "pool" as const,
    pool,
    may: access.may,
    carriers: access.may.coordinate ? await carrierOrgs(context.db) : [],
    thread,
  };
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, params, context }: ActionFunctionArgs) {
  // A former member (its request left the pool) may still send a decision: the domain function answers it (409).
  const { viewer, access, t } = await load(request, params.id, context);
  const form = await readForm(request, 128 * 1024);
  if (isThreadForm(form)) {
    if (!access || !t) notFound();
    return handleThreadIntent(context, viewer, t, form, `/logistics/pools/${access.pool.id}`);
  }
  const intent = String(form.get("intent") ?? "");
  const here = `/logistics/pools/${params.id}`;
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in values)) values[k] = v;
  try {
    return await run(viewer);
  } catch (err) {
    if (err instanceof ActionError)
      return data(
        { error: err.key, vars: err.vars, field: err.field ?? null, intent, values },
        { status: err.status, headers: err.status === 429 ? { "Retry-After": String(err.vars.seconds ?? 60) } : undefined },
      );
    throw err;
  }

  async function run(v: Viewer) {
    if (intent === "accept" || intent === "decline") {
      await decideMembership(context, v, params.id ?? "", String(form.get("requestId") ?? ""), intent);
      return redirect(intent === "accept" ? `${here}?decided=accept` : `/logistics`);
    }
    if (!access) notFound();
    switch (intent) {
      case "share":
        await setContactSharing(context, v, access.pool.id, form.get("share") === "on");
        return redirect(`${here}#contacts`);
      case "quote": {
        if (!access.may.coordinate) notFound();
        const view = await loadPoolView(context.db, v, access, v.locale);
        const labels = view.members.filter((m) => m.leg === "outbound" && m.state === "accepted").map((m) => m.label);
        const parsed = parseQuoteForm(values, labels, new Date());
        if (!parsed.ok) throw new ActionError(400, parsed.error, parsed.vars ?? {}, parsed.field);
        await setQuote(context, v, access, parsed.value, parseSeq(form.get("version")) ?? -1);
        return redirect(`${here}?quoted=1`);
      }
      case "advance": {
        const to = String(form.get("to") ?? "") as PoolStatus;
        if (!(POOL_STATUSES as readonly string[]).includes(to)) throw new ActionError(400, "error.400.title");
        await advancePool(context, v, access, to, parseSeq(form.get("version")) ?? -1);
        return redirect(here);
      }
      case "cancelPool":
        await cancelPool(context, v, access, parseSeq(form.get("version")) ?? -1);
        return redirect(here);
      default:
        throw new ActionError(400, "error.400.title");
    }
  }
}

const NEXT: Partial<Record<PoolStatus, PoolStatus>> = { quoted: "booked", booked: "in_transit", in_transit: "delivered", delivered: "closed" };

/** An instant as a datetime-local value in Riga time (the form's zone). */
function localInput(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Riga", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

export default function PoolRoute() {
  const d = useLoaderData<typeof loader>();
  return d.kind === "pool" ? <PoolPage d={d} /> : <FormerMember code={d.code} />;
}

function FormerMember({ code }: { code: string }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const result = actionData && !isThreadActionError(actionData) ? actionData : null;
  return (
    <section className="page" aria-labelledby="pool-h">
      <h1 id="pool-h">{t("logistics.pool.title", { code })}</h1>
      {result ? <FormError code={result.error} vars={result.vars as Record<string, string | number>} /> : null}
      <Notice>{t("logistics.pool.former")}</Notice>
      <p>
        <Link to="/logistics">{t("nav.logistics")}</Link>
      </p>
    </section>
  );
}

type PoolData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "pool" }>;

function PoolPage({ d }: { d: PoolData }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionData<typeof action>();
  // The discussion's own errors are shown by <ThreadSection>.
  const result = actionData && !isThreadActionError(actionData) ? actionData : null;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const { pool } = d;
  const free = Math.max(0, pool.vehicle.places - pool.used.places);
  const rv = (result?.values ?? {}) as Record<string, string>;
  const quoteErr = result?.intent === "quote" ? result : null;
  const otherErr = result && !quoteErr ? result : null;
  const labels = pool.members.filter((m) => m.leg === "outbound" && m.state === "accepted").map((m) => m.label);
  const myShares = pool.members.filter((m) => m.mine && m.share);
  const errorText = useErrorText();
  const standaloneOk = !pool.standaloneSplit || pool.standaloneSplit.available;
  const methodDefault = rv.method ?? pool.quote?.method ?? "per_place";
  const memberName = (label: string, mine: boolean) => (mine ? t("logistics.pool.memberYours", { label }) : t("logistics.pool.member", { label }));

  return (
    <div className="pool-page">
      <p className="breadcrumb">
        <Link to="/logistics">{t("nav.logistics")}</Link>
      </p>
      <section className="page" aria-labelledby="pool-h">
        <div className="page-head">
          <h1 id="pool-h">{t("logistics.pool.title", { code: pool.code })}</h1>
          <StatusBadge status={pool.status} kind="pool" />
        </div>
        {params.get("proposed") ? <Notice>{t("logistics.pool.proposedNotice")}</Notice> : null}
        {params.get("quoted") ? <Notice>{t("logistics.pool.quotedNotice")}</Notice> : null}
        {params.get("decided") === "accept" ? <Notice>{t("logistics.pool.acceptedNotice")}</Notice> : null}
        {params.get("joined") ? <Notice>{t("logistics.pool.joinedNotice")}</Notice> : null}
        {otherErr ? <FormError code={otherErr.error} vars={otherErr.vars as Record<string, string | number>} /> : null}
        <p className="muted">{t("logistics.pool.privacy")}</p>
        <Facts>
          <Fact label={t("logistics.field.lane")}>
            <Lane from={pool.from} to={pool.to} />
          </Fact>
          <Fact label={t("logistics.pool.pickup")}>
            <Window from={pool.earliestPickup} to={pool.latestPickup} />
          </Fact>
          <Fact label={t("logistics.pool.deliveredBy")}>
            <time dateTime={pool.latestDelivery}>{formatDateTime(pool.latestDelivery, locale)}</time>
          </Fact>
          <Fact label={t("logistics.pool.vehicle")}>{t(`logistics.vehicle.${pool.vehicle.kind}`, { places: pool.vehicle.places, kg: num(pool.vehicle.kg, locale) })}</Fact>
          <Fact label={t("logistics.pool.capacity")}>
            {t("logistics.pool.capacityValue", { used: num(pool.used.places, locale), max: pool.vehicle.places, free: num(free, locale), kg: num(pool.used.kg, locale), maxKg: num(pool.vehicle.kg, locale) })}
          </Fact>
          <Fact label={t("logistics.pool.carrier")}>{pool.carrier ?? t("logistics.pool.noCarrier")}</Fact>
          {pool.quote ? (
            <>
              {pool.quote.amount ? <Fact label={t("logistics.pool.quote")}>{formatMoney(pool.quote.amount, locale)}</Fact> : null}
              {pool.quote.validUntil ? (
                <Fact label={t("logistics.pool.validUntil")}>
                  <time dateTime={pool.quote.validUntil}>{formatDateTime(pool.quote.validUntil, locale)}</time>
                </Fact>
              ) : null}
              <Fact label={t("logistics.pool.method")}>{t(`logistics.method.${pool.quote.method}`)}</Fact>
              {pool.quote.returnOffer ? <Fact label={t("logistics.pool.returnOffer")}>{formatMoney(pool.quote.returnOffer, locale)}</Fact> : null}
            </>
          ) : null}
        </Facts>
        <Notes title={t("logistics.notes.reasons")} items={pool.check.reasons} className="reasons" />
        <Notes title={t("logistics.notes.warnings")} items={pool.check.warnings} className="warnings" />
        <Notes title={t("logistics.notes.blockers")} items={pool.check.blockers} className="blockers" />
      </section>

      {pool.mine.length ? (
        <section className="page" aria-labelledby="mine-h">
          <h2 id="mine-h">{t("logistics.pool.yourPart")}</h2>
          {pool.mine.map((m) => (
            <div key={m.requestId} className="card">
              <p>
                <Link to={`/logistics/requests/${m.requestId}`}>{memberName(m.label, true)}</Link> ·{" "}
                {m.state === "pending" ? (m.joined ? t("logistics.pool.waitingCoordinator") : t("logistics.pool.waitingYou")) : t("logistics.pool.accepted")}
              </p>
              <Form method="post" className="button-row">
                <input type="hidden" name="requestId" value={m.requestId} />
                {m.state === "pending" && !m.joined ? (
                  <button type="submit" name="intent" value="accept" className="button" disabled={busy}>
                    {t("logistics.pool.accept")}
                  </button>
                ) : null}
                {["proposed", "confirmed", "quoted"].includes(pool.status) ? (
                  <button type="submit" name="intent" value="decline" className="button secondary" disabled={busy}>
                    {m.state === "pending" && !m.joined ? t("logistics.pool.decline") : t("logistics.pool.leave")}
                  </button>
                ) : null}
              </Form>
            </div>
          ))}
          {myShares.map((m) => (
            <div key={`share-${m.label}`} className="card share" aria-labelledby={`share-${m.label}-h`}>
              <h3 id={`share-${m.label}-h`}>{t("logistics.pool.yourShare", { label: m.label })}</h3>
              <Facts>
                {m.leg === "return" ? (
                  <Fact label={t("logistics.pool.returnLeg")}>{formatMoney(m.share!.total, locale)}</Fact>
                ) : (
                  <>
                    <Fact label={t("logistics.pool.weight")}>
                      {m.share!.weightTotal === null
                        ? t("logistics.weight.standaloneOwn", { mine: num(m.share!.weight, locale) })
                        : t(`logistics.weight.${pool.quote?.method ?? "per_place"}`, { mine: num(m.share!.weight, locale), total: num(m.share!.weightTotal, locale) })}
                    </Fact>
                    <Fact label={t("logistics.pool.linehaul")}>{formatMoney(m.share!.linehaul, locale)}</Fact>
                    {m.share!.surcharges.map((s, i) => (
                      <Fact key={i} label={t(`logistics.surcharge.${s.kind}`)}>
                        {formatMoney(s.amount, locale)}
                      </Fact>
                    ))}
                    <Fact label={t("logistics.pool.total")}>
                      <strong>{formatMoney(m.share!.total, locale)}</strong>
                    </Fact>
                    {m.share!.saving ? (
                      <Fact label={t("logistics.pool.saving")}>{t("logistics.pool.savingValue", { saving: formatMoney(m.share!.saving, locale), standalone: formatMoney(m.share!.standalone!, locale) })}</Fact>
                    ) : null}
                  </>
                )}
              </Facts>
            </div>
          ))}
          <Form method="post" id="contacts" className="card">
            <input type="hidden" name="intent" value="share" />
            <div className="field check">
              <input type="checkbox" id="f-share" name="share" defaultChecked={pool.mine.some((m) => m.shareContacts)} aria-describedby="f-share-hint" />
              <label htmlFor="f-share">{t("logistics.pool.shareContacts")}</label>
              <p className="hint" id="f-share-hint">
                {t("logistics.pool.shareContactsHint")}
              </p>
            </div>
            <button type="submit" className="button small secondary" disabled={busy}>
              {t("common.save")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="page" aria-labelledby="members-h">
        <h2 id="members-h">{t("logistics.pool.members")}</h2>
        <div className="table-wrap">
          <table className="logistics-table">
            <thead>
              <tr>
                <th scope="col">{t("logistics.pool.memberCol")}</th>
                <th scope="col">{t("logistics.field.lane")}</th>
                <th scope="col">{t("logistics.field.pickup")}</th>
                <th scope="col">{t("logistics.pool.placesCol")}</th>
                <th scope="col">{t("logistics.field.temp")}</th>
                <th scope="col">{t("logistics.field.status")}</th>
                {d.may.allShares ? <th scope="col">{t("logistics.pool.shareCol")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {pool.members.map((m) => (
                <tr key={m.label} className={m.mine ? "own" : undefined}>
                  <th scope="row">
                    {m.requestId ? <Link to={`/logistics/requests/${m.requestId}`}>{memberName(m.label, m.mine)}</Link> : memberName(m.label, m.mine)}
                    {m.leg === "return" ? <span className="badge">{t("logistics.pool.returnLeg")}</span> : null}
                    {m.contact && !m.mine ? (
                      <span className="contact">
                        {" "}
                        — {m.contact.orgName}
                        {m.contact.contact ? `, ${m.contact.contact}` : ""}
                      </span>
                    ) : null}
                    {m.view?.detail && !m.mine ? (
                      <p className="muted detail">
                        {m.view.detail.origin.city} {m.view.detail.origin.postcode} → {m.view.detail.destination.city} {m.view.detail.destination.postcode},{" "}
                        {countryName(m.view.detail.destination.country, locale)} · {num(m.view.card.grossKg, locale)} kg · {t("logistics.ldmValue", { ldm: num(m.view.card.ldm, locale) })}
                        {m.view.detail.dg.length ? ` · ${m.view.detail.dg.map((l) => `${l.un} (${l.cls})`).join(", ")}` : ""}
                        {` · ${m.view.card.incoterm} ${m.view.detail.namedPlace}`}
                      </p>
                    ) : null}
                  </th>
                  <td>
                    <Lane from={m.from} to={m.to} />
                  </td>
                  <td>
                    <Window from={m.earliestPickup} to={m.latestPickup} />
                  </td>
                  <td>{num(m.places, locale)}</td>
                  <td>{t(`logistics.tempShort.${m.tempClass}`)}</td>
                  <td>
                    {m.state === "pending" ? t("logistics.pool.pending") : t("logistics.pool.accepted")}
                    {m.state === "pending" && m.joined && d.may.coordinate ? (
                      <Form method="post" className="button-row">
                        <input type="hidden" name="requestId" value={m.requestId ?? ""} />
                        <button type="submit" name="intent" value="accept" className="button small" disabled={busy}>
                          {t("logistics.pool.acceptJoin", { label: m.label })}
                        </button>
                        <button type="submit" name="intent" value="decline" className="button small secondary" disabled={busy}>
                          {t("logistics.pool.declineJoin", { label: m.label })}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  {d.may.allShares ? <td>{m.share ? formatMoney(m.share.total, locale) : pool.sharesWithheld && m.leg === "outbound" ? t("logistics.pool.shareConfidential") : "—"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {d.may.coordinate ? (
        <section className="page" aria-labelledby="coord-h">
          <h2 id="coord-h">{t("logistics.pool.coordination")}</h2>
          <p className="muted">{t("logistics.pool.coordinationHint")}</p>
          {pool.sharesWithheld ? <Notice>{t("logistics.pool.sharesWithheld")}</Notice> : null}
          {pool.methods ? (
            <div className="table-wrap">
              <table className="logistics-table">
                <caption>{t("logistics.pool.methodsCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("logistics.pool.method")}</th>
                    {pool.methods[0].totals.map((x) => (
                      <th scope="col" key={x.label}>
                        {t("logistics.pool.member", { label: x.label })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {pool.methods.map((m) => (
                    <tr key={m.method} aria-current={pool.quote?.method === m.method ? "true" : undefined}>
                      <th scope="row">{t(`logistics.method.${m.method}`)}</th>
                      {m.totals.map((x) => (
                        <td key={x.label}>{formatMoney(x.total, locale)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {d.may.standaloneShares ? null : <p className="hint">{t("logistics.pool.methodsStandaloneWithheld")}</p>}
            </div>
          ) : null}
          {pool.status === "confirmed" || pool.status === "quoted" ? (
            <Form method="post" noValidate className="quote-form">
              <h3>{pool.status === "quoted" ? t("logistics.quote.replace") : t("logistics.quote.enter")}</h3>
              <input type="hidden" name="intent" value="quote" />
              <input type="hidden" name="version" value={pool.version} />
              {quoteErr && !quoteErr.field ? <FormError code={quoteErr.error} vars={quoteErr.vars as Record<string, string | number>} /> : null}
              <div className="field-row">
                <Field name="amount" label={t("logistics.quote.amount")} inputMode="decimal" defaultValue={rv.amount ?? pool.quote?.amount ?? ""} error={quoteErr?.field === "amount" ? quoteErr.error : undefined} required />
                <Field
                  name="validUntil"
                  type="datetime-local"
                  label={t("logistics.quote.validUntil")}
                  defaultValue={rv.validUntil ?? (pool.quote?.validUntil ? localInput(pool.quote.validUntil) : undefined)}
                  error={quoteErr?.field === "validUntil" ? quoteErr.error : undefined}
                  required
                />
              </div>
              <div className="field-row">
                <div className={`field${quoteErr?.field === "carrierOrg" ? " has-error" : ""}`}>
                  <label htmlFor="f-carrierOrg">{t("logistics.quote.carrierOrg")}</label>
                  <select id="f-carrierOrg" name="carrierOrg" defaultValue={rv.carrierOrg ?? pool.quote?.carrierOrgId ?? ""}>
                    <option value="">{t("logistics.quote.carrierOther")}</option>
                    {d.carriers.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </div>
                <Field name="carrierName" label={t("logistics.quote.carrierName")} defaultValue={rv.carrierName ?? pool.quote?.carrierName} error={quoteErr?.field === "carrierName" ? quoteErr.error : undefined} maxLength={120} />
              </div>
              <div className="field-row">
                <div className={`field${quoteErr?.field === "method" ? " has-error" : ""}`}>
                  <label htmlFor="f-method">{t("logistics.pool.method")}</label>
                  <select
                    id="f-method"
                    name="method"
                    defaultValue={methodDefault === "standalone" && !standaloneOk ? "per_place" : methodDefault}
                    aria-describedby={quoteErr?.field === "method" ? "f-method-hint f-method-error" : "f-method-hint"}
                    aria-invalid={quoteErr?.field === "method" ? true : undefined}
                  >
                    {SPLIT_METHODS.map((m) => (
                      <option key={m} value={m} disabled={m === "standalone" && !standaloneOk}>
                        {t(`logistics.method.${m}`)}
                      </option>
                    ))}
                  </select>
                  <p className="hint" id="f-method-hint">
                    {pool.standaloneSplit && !pool.standaloneSplit.available
                      ? t(pool.standaloneSplit.reason, pool.standaloneSplit.vars)
                      : t("logistics.quote.standaloneHint")}
                  </p>
                  {quoteErr?.field === "method" ? (
                    <p className="field-error" id="f-method-error">
                      {errorText(quoteErr.error, quoteErr.vars as Record<string, string | number>)}
                    </p>
                  ) : null}
                </div>
                <Field name="returnOffer" label={t("logistics.quote.returnOffer")} hint={t("logistics.quote.returnOfferHint")} inputMode="decimal" defaultValue={rv.returnOffer ?? pool.quote?.returnOffer ?? ""} error={quoteErr?.field === "returnOffer" ? quoteErr.error : undefined} />
              </div>
              <fieldset className="form-group">
                <legend>{t("logistics.quote.surcharges")}</legend>
                <p className="hint">{t("logistics.quote.surchargesHint")}</p>
                <div className="table-wrap">
                  <table className="surcharge-table">
                    <thead>
                      <tr>
                        <th scope="col">{t("logistics.quote.kind")}</th>
                        <th scope="col">{t("logistics.quote.scAmount")}</th>
                        {labels.map((l) => (
                          <th scope="col" key={l}>
                            {t("logistics.quote.weightFor", { label: l })}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {Array.from({ length: POOL_LIMITS.surchargeRows }, (_, i) => {
                        const s = pool.surcharges?.[i];
                        const rowErr = quoteErr?.field === `sc${i}` ? quoteErr.error : undefined;
                        return (
                          <tr key={i} className={rowErr ? "has-error" : undefined}>
                            <td>
                              <select name={`sc${i}_kind`} aria-label={t("logistics.quote.kindRow", { n: i + 1 })} defaultValue={rv[`sc${i}_kind`] ?? s?.kind ?? "extra_stop"}>
                                {SURCHARGE_KINDS.map((k) => (
                                  <option key={k} value={k}>
                                    {t(`logistics.surcharge.${k}`)}
                                  </option>
                                ))}
                              </select>
                              {rowErr ? <FormError code={rowErr} /> : null}
                            </td>
                            <td>
                              <input name={`sc${i}_amount`} aria-label={t("logistics.quote.amountRow", { n: i + 1 })} inputMode="decimal" size={8} defaultValue={rv[`sc${i}_amount`] ?? s?.amount ?? ""} />
                            </td>
                            {labels.map((l) => (
                              <td key={l}>
                                <input
                                  name={`sc${i}_w_${l}`}
                                  aria-label={t("logistics.quote.weightRow", { n: i + 1, label: l })}
                                  inputMode="numeric"
                                  size={3}
                                  defaultValue={rv[`sc${i}_w_${l}`] ?? String(s?.shares.find((x) => x.label === l)?.weight ?? "")}
                                />
                              </td>
                            ))}
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </fieldset>
              <button type="submit" className="button" disabled={busy}>
                {t("logistics.quote.submit")}
              </button>
            </Form>
          ) : null}
          <div className="button-row">
            {NEXT[pool.status] ? (
              <Form method="post">
                <input type="hidden" name="intent" value="advance" />
                <input type="hidden" name="to" value={NEXT[pool.status]} />
                <input type="hidden" name="version" value={pool.version} />
                <button type="submit" className="button" disabled={busy}>
                  {t(`logistics.pool.to.${NEXT[pool.status]!}` as never)}
                </button>
              </Form>
            ) : null}
            {["proposed", "confirmed", "quoted"].includes(pool.status) ? (
              <Form method="post">
                <input type="hidden" name="intent" value="cancelPool" />
                <input type="hidden" name="version" value={pool.version} />
                <button type="submit" className="button danger" disabled={busy}>
                  {t("logistics.pool.cancel")}
                </button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}

      {d.thread ? (
        <ThreadSection
          view={d.thread}
          heading={t("logistics.pool.discussion")}
          intro={<p className="muted">{t("logistics.pool.discussionHint")}</p>}
          empty={t("logistics.pool.noPosts")}
          cannotPost={<Notice>{t("logistics.pool.discussionClosed")}</Notice>}
        />
      ) : null}
    </div>
  );
}
