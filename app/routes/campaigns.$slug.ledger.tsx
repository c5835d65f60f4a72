import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Field, FormError, Notice } from "~/components/forms";
import { pickLang } from "~/components/groups";
import { SplitChart, StatusBadge, type ChartRow } from "~/components/campaigns";
import { formatDateTime, formatMoney, formatNumber } from "~/i18n/format";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { formObject, readForm } from "~/modules/forms";
import { notFound } from "~/modules/policy/authorize.server";
import { campaignAccess } from "~/modules/campaigns/access.server";
import { COST_CATEGORIES } from "~/modules/campaigns/constants";
import { deleteLine, ledgerView, saveLine, saveRates, saveTerms } from "~/modules/campaigns/ledger.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · ${data.pageLabel}` : "Budžets · Ledger" }];

async function load(request: Request, slug: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: slug ?? "" });
  // The budget is confidential: anyone who may not see it gets 404, as if it did not exist.
  if (!a || !a.may.ledgerView) notFound();
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  const view = (await ledgerView(context.db, viewer, a))!;
  const lineId = new URL(request.url).searchParams.get("line");
  return {
    slug: a.campaign.slug,
    title: pickLang(viewer.locale, a.campaign.title_lv, a.campaign.title_en).text,
    pageLabel: viewer.locale === "lv" ? "Izmaksu sadalījums" : "Cost-sharing ledger",
    status: a.campaign.status,
    frozen: a.campaign.status === "closed" || a.campaign.status === "cancelled",
    view,
    editLine: view.manage && lineId ? (view.lines.find((l) => l.id === lineId) ?? null) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  const form = await readForm(request, 128 * 1024);
  const raw = formObject(form);
  const intent = String(form.get("intent") ?? "");
  const here = `/campaigns/${a.campaign.slug}/ledger`;
  try {
    switch (intent) {
      case "saveLine": {
        const lineId = String(form.get("lineId") ?? "") || null;
        await saveLine(context, viewer, a, lineId, raw);
        return redirect(`${here}?done=${lineId ? "lineSaved" : "lineAdded"}#lines`);
      }
      case "deleteLine":
        await deleteLine(context, viewer, a, form.get("lineId"));
        return redirect(`${here}?done=lineDeleted#lines`);
      case "saveRates":
        await saveRates(context, viewer, a, raw);
        return redirect(`${here}?done=ratesSaved#rates`);
      case "saveTerms":
        await saveTerms(context, viewer, a, raw);
        return redirect(`${here}?done=termsSaved#terms`);
      default:
        throw new ActionError(400, "error.400.title");
    }
  } catch (err) {
    if (err instanceof ActionError) {
      return data(
        {
          intent,
          error: err.key,
          vars: err.vars,
          field: err.field ?? null,
          values: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])) as Record<string, string[]>,
        },
        { status: err.status },
      );
    }
    throw err;
  }
}

const DONE: Record<string, MessageKey> = {
  lineAdded: "campaigns.ledger.done.lineAdded",
  lineSaved: "campaigns.ledger.done.lineSaved",
  lineDeleted: "campaigns.ledger.done.lineDeleted",
  ratesSaved: "campaigns.ledger.done.ratesSaved",
  termsSaved: "campaigns.ledger.done.termsSaved",
};

const trimZeros = (v: string) => v.replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");

export default function LedgerPage() {
  const t = useT();
  const locale = useLocale();
  const { slug, title, status, frozen, view, editLine } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const money = (v: string) => formatMoney(v, locale);
  const here = `/campaigns/${slug}/ledger`;
  const lineResult = result?.intent === "saveLine" ? result : null;
  const lineValue = (k: string): string | undefined => lineResult?.values[k]?.[0];
  const lineValues = (k: string): string[] => lineResult?.values[k] ?? [];
  const lineError = (name: string) => (lineResult?.field === name ? { error: lineResult.error, errorVars: lineResult.vars } : {});
  const editing = lineResult ? (lineValue("lineId") ? view.lines.find((l) => l.id === lineValue("lineId")) ?? null : null) : editLine;
  const chartRows: ChartRow[] = [
    ...view.rows.map((r) => ({ name: r.name, gross: r.gross, support: r.support, net: r.net, own: r.own })),
    ...(view.others ? [{ name: t("campaigns.ledger.others", { count: view.others.count }), gross: view.others.gross, support: view.others.support, net: view.others.net }] : []),
  ];
  const defaultKey = lineValue("splitKey") ?? editing?.splitKey ?? "equal";
  const defaultApplies = lineValue("appliesTo") ?? editing?.appliesTo ?? "all";
  const chosenDefault = new Set(lineResult ? lineValues("chosen") : (editing?.members ?? []).filter((m) => m.percent === null).map((m) => m.participantId));
  const pctDefault = (id: string) => (lineResult ? lineValue(`pct_${id}`) : (editing?.members?.find((m) => m.participantId === id)?.percent ?? undefined));

  return (
    <div className="ledger-page">
      <p className="breadcrumb">
        <Link to="/campaigns">{t("nav.campaigns")}</Link> › <Link to={`/campaigns/${slug}`}>{title}</Link>
      </p>
      <section className="page" aria-labelledby="ledger-h">
        <div className="page-head">
          <h1 id="ledger-h">{t("campaigns.ledger.title", { title })}</h1>
          <a href={`/campaigns/${slug}/ledger.csv`} className="button secondary small" download>
            {t("campaigns.ledger.csv")}
          </a>
        </div>
        <p className="button-row">
          <StatusBadge status={status} />
          {view.version ? <span className="badge">{t("campaigns.ledger.version", { version: view.version })}</span> : null}
          {!view.full ? <span className="badge">{t("campaigns.ledger.ownView")}</span> : null}
        </p>
        {done && DONE[done] ? <Notice>{t(DONE[done])}</Notice> : null}
        {frozen ? <p className="notice">{t("campaigns.ledger.frozen")}</p> : null}
        {view.warnings.length ? (
          <div className="notice warning" role="status">
            <ul>
              {view.warnings.map((w, i) => (
                <li key={i}>{t(`campaigns.warning.${w.code}` as MessageKey, { line: w.line })}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <details className="rules">
          <summary>{t("campaigns.ledger.rules.title")}</summary>
          <ul>
            <li>{t("campaigns.ledger.rules.amounts")}</li>
            <li>{view.vatRecoverable ? t("campaigns.ledger.rules.vatRecoverable", { rate: view.vatRate }) : t("campaigns.ledger.rules.vatAdded", { rate: view.vatRate })}</li>
            <li>{t("campaigns.ledger.rules.rounding")}</li>
            <li>{t("campaigns.ledger.rules.support")}</li>
            <li>{t("campaigns.ledger.rules.net")}</li>
          </ul>
        </details>

        <h2 id="shares-h">{t("campaigns.ledger.shares")}</h2>
        {!view.full ? <p className="muted">{t("campaigns.ledger.aggregateNote")}</p> : null}
        <div className="table-wrap">
          <table className="ledger-table" aria-labelledby="shares-h">
            <thead>
              <tr>
                <th scope="col">{t("campaigns.ledger.participant")}</th>
                <th scope="col">{t("campaigns.ledger.category")}</th>
                <th scope="col" className="num">
                  {t("campaigns.ledger.rate")}
                </th>
                <th scope="col" className="num">
                  {t("campaigns.ledger.gross")}
                </th>
                <th scope="col" className="num">
                  {t("campaigns.ledger.support")}
                </th>
                <th scope="col" className="num">
                  {t("campaigns.ledger.net")}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.orgId} className={r.own ? "own" : undefined} data-org={r.name}>
                  <th scope="row">
                    {r.name}
                    {r.own ? <span className="badge">{t("campaigns.ledger.you")}</span> : null}
                    {r.lines.length ? (
                      <details>
                        <summary>{t("campaigns.ledger.perLine")}</summary>
                        <table className="per-line">
                          <thead>
                            <tr>
                              <th scope="col">{t("campaigns.ledger.line")}</th>
                              <th scope="col" className="num">
                                {t("campaigns.ledger.gross")}
                              </th>
                              <th scope="col" className="num">
                                {t("campaigns.ledger.support")}
                              </th>
                              <th scope="col" className="num">
                                {t("campaigns.ledger.net")}
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            {r.lines.map((l) => (
                              <tr key={l.lineId}>
                                <th scope="row">{l.description}</th>
                                <td className="num">{money(l.gross)}</td>
                                <td className="num">{money(l.support)}</td>
                                <td className="num">{money(l.net)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </details>
                    ) : null}
                  </th>
                  <td>{t(`campaigns.orgCategory.${r.category}`)}</td>
                  <td className="num">{formatNumber(r.rate, locale)} %</td>
                  <td className="num">{money(r.gross)}</td>
                  <td className="num">
                    {money(r.support)}
                    {r.capped ? <span className="muted"> ({t("campaigns.ledger.capped", { cap: money(r.cap ?? "0") })})</span> : null}
                  </td>
                  <td className="num" data-net>
                    <strong>{money(r.net)}</strong>
                  </td>
                </tr>
              ))}
              {view.others ? (
                <tr className="others">
                  <th scope="row">{t("campaigns.ledger.others", { count: view.others.count })}</th>
                  <td colSpan={2} className="muted">
                    {t("campaigns.ledger.aggregate")}
                  </td>
                  <td className="num">{money(view.others.gross)}</td>
                  <td className="num">{money(view.others.support)}</td>
                  <td className="num">{money(view.others.net)}</td>
                </tr>
              ) : null}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("campaigns.ledger.total")}</th>
                <td colSpan={2} />
                <td className="num">{money(view.totals.gross)}</td>
                <td className="num">{money(view.totals.support)}</td>
                <td className="num">
                  <strong>{money(view.totals.net)}</strong>
                </td>
              </tr>
              {view.totals.unallocated !== "0.00" ? (
                <tr className="unallocated">
                  <th scope="row">{t("campaigns.ledger.unallocated")}</th>
                  <td colSpan={2} />
                  <td className="num">{money(view.totals.unallocated)}</td>
                  <td colSpan={2} />
                </tr>
              ) : null}
            </tfoot>
          </table>
        </div>
        <p className="muted">{t("campaigns.ledger.budgetTotal", { amount: money(view.totals.amount) })}</p>
        <SplitChart rows={chartRows} />
      </section>

      <section className="page" id="lines" aria-labelledby="lines-h">
        <h2 id="lines-h">{t("campaigns.ledger.lines")}</h2>
        {result?.intent === "deleteLine" ? <FormError code={result.error} vars={result.vars} /> : null}
        {view.lines.length === 0 ? <p className="muted">{t("campaigns.ledger.noLines")}</p> : null}
        {view.lines.length ? (
          <div className="table-wrap">
            <table className="lines-table">
              <thead>
                <tr>
                  <th scope="col">{t("campaigns.ledger.line")}</th>
                  <th scope="col" className="num">
                    {t("campaigns.ledger.planned")}
                  </th>
                  <th scope="col" className="num">
                    {t("campaigns.ledger.actual")}
                  </th>
                  {!view.vatRecoverable ? (
                    <th scope="col" className="num">
                      {t("campaigns.ledger.vat")}
                    </th>
                  ) : null}
                  <th scope="col">{t("campaigns.ledger.eligible")}</th>
                  <th scope="col">{t("campaigns.ledger.splitKey")}</th>
                  {view.manage ? <th scope="col">{t("campaigns.participants.actions")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {view.lines.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      {l.description}
                      <br />
                      <span className="muted">{t(`campaigns.cost.${l.category}` as MessageKey)}</span>
                      {l.vatNote ? <span className="muted"> · {l.vatNote}</span> : null}
                    </th>
                    <td className="num">{money(l.planned)}</td>
                    <td className="num">{l.actual ? money(l.actual) : "—"}</td>
                    {!view.vatRecoverable ? <td className="num">{money(l.vat)}</td> : null}
                    <td>{l.eligible ? t("common.yes") : t("common.no")}</td>
                    <td>
                      {t(`campaigns.split.${l.splitKey}`)}
                      <br />
                      <span className="muted">
                        {l.members
                          ? l.appliesTo === "chosen"
                            ? l.members.map((m) => `${m.name}${m.percent ? ` ${formatNumber(m.percent, locale)} %` : ""}${m.active ? "" : ` (${t("campaigns.participant.withdrawn")})`}`).join(", ")
                            : t("campaigns.ledger.allParticipants")
                          : l.appliesTo === "chosen"
                            ? `${t("campaigns.ledger.chosenCount", { count: l.memberCount })}${l.includesMe ? ` · ${t("campaigns.ledger.includesYou")}${l.myPercent ? ` (${formatNumber(l.myPercent, locale)} %)` : ""}` : ""}`
                            : t("campaigns.ledger.allParticipants")}
                      </span>
                    </td>
                    {view.manage ? (
                      <td>
                        {!frozen ? (
                          <div className="button-row">
                            <Link to={`${here}?line=${l.id}#line-form`} className="button small secondary">
                              {t("campaigns.ledger.editLine")}
                              <span className="visually-hidden"> — {l.description}</span>
                            </Link>
                            <Form method="post" className="inline">
                              <input type="hidden" name="intent" value="deleteLine" />
                              <input type="hidden" name="lineId" value={l.id} />
                              <button type="submit" className="button small secondary">
                                {t("campaigns.ledger.deleteLine")}
                                <span className="visually-hidden"> — {l.description}</span>
                              </button>
                            </Form>
                          </div>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}

        {view.manage && !frozen ? (
          <Form method="post" className="card line-form" id="line-form" noValidate key={editing?.id ?? "new"}>
            <input type="hidden" name="intent" value="saveLine" />
            {editing ? <input type="hidden" name="lineId" value={editing.id} /> : null}
            <h3>{editing ? t("campaigns.ledger.editLineTitle", { line: editing.description }) : t("campaigns.ledger.addLine")}</h3>
            {lineResult ? <FormError code={lineResult.error} vars={lineResult.vars} /> : null}
            <div className="form-grid">
              <div className={`field${lineResult?.field === "category" ? " has-error" : ""}`}>
                <label htmlFor="f-category">{t("campaigns.ledger.costCategory")}</label>
                <select id="f-category" name="category" defaultValue={lineValue("category") ?? editing?.category ?? "space_rent"}>
                  {COST_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {t(`campaigns.cost.${c}`)}
                    </option>
                  ))}
                </select>
              </div>
              <Field name="description" label={t("campaigns.ledger.description")} defaultValue={lineValue("description") ?? editing?.description} {...lineError("description")} />
            </div>
            <div className="form-grid">
              <Field name="planned" label={t("campaigns.ledger.plannedEur")} inputMode="decimal" defaultValue={lineValue("planned") ?? (editing ? trimZeros(editing.planned) : undefined)} {...lineError("planned")} hint={t("campaigns.ledger.amountHint")} />
              <Field name="actual" label={t("campaigns.ledger.actualEur")} inputMode="decimal" defaultValue={lineValue("actual") ?? (editing?.actual ? trimZeros(editing.actual) : undefined)} {...lineError("actual")} hint={t("campaigns.ledger.actualHint")} />
              <Field name="vatNote" label={t("campaigns.ledger.vatNote")} defaultValue={lineValue("vatNote") ?? editing?.vatNote} {...lineError("vatNote")} />
            </div>
            <label className="checkbox">
              <input type="checkbox" name="eligible" value="yes" defaultChecked={lineResult ? lineValue("eligible") === "yes" : (editing?.eligible ?? true)} />
              {t("campaigns.ledger.eligibleLabel")}
            </label>
            <fieldset className={lineResult?.field === "splitKey" ? "has-error" : undefined}>
              <legend>{t("campaigns.ledger.splitKey")}</legend>
              {(["equal", "area", "delegates", "custom"] as const).map((k) => (
                <label key={k} className="radio">
                  <input type="radio" name="splitKey" value={k} defaultChecked={defaultKey === k} />
                  <span>
                    <strong>{t(`campaigns.split.${k}`)}</strong> — {t(`campaigns.split.${k}.hint`)}
                  </span>
                </label>
              ))}
            </fieldset>
            <fieldset className={lineResult?.field === "chosen" ? "has-error" : undefined}>
              <legend>{t("campaigns.ledger.appliesTo")}</legend>
              <label className="radio">
                <input type="radio" name="appliesTo" value="all" defaultChecked={defaultApplies === "all"} />
                <span>{t("campaigns.ledger.appliesAll")}</span>
              </label>
              <label className="radio">
                <input type="radio" name="appliesTo" value="chosen" defaultChecked={defaultApplies === "chosen"} />
                <span>{t("campaigns.ledger.appliesChosen")}</span>
              </label>
              <div className="check-grid">
                {view.terms.map((p) => (
                  <label key={p.id} className="checkbox">
                    <input type="checkbox" name="chosen" value={p.id} defaultChecked={chosenDefault.has(p.id)} />
                    {p.name}
                  </label>
                ))}
              </div>
              {view.terms.length === 0 ? <p className="muted">{t("campaigns.ledger.noActive")}</p> : null}
            </fieldset>
            <fieldset className={lineResult?.field === "custom" ? "has-error" : undefined}>
              <legend>{t("campaigns.ledger.customTitle")}</legend>
              <p className="hint">{t("campaigns.ledger.customHint")}</p>
              <div className="form-grid">
                {view.terms.map((p) => (
                  <div className="field" key={p.id}>
                    <label htmlFor={`pct-${p.id}`}>{t("campaigns.ledger.percentOf", { org: p.name })}</label>
                    <input id={`pct-${p.id}`} name={`pct_${p.id}`} inputMode="decimal" defaultValue={pctDefault(p.id) ?? ""} size={6} />
                  </div>
                ))}
              </div>
            </fieldset>
            <div className="button-row">
              <button type="submit" className="button" disabled={busy}>
                {editing ? t("common.save") : t("campaigns.ledger.addLineSubmit")}
              </button>
              {editing ? (
                <Link to={`${here}#lines`} className="button secondary">
                  {t("common.cancel")}
                </Link>
              ) : null}
            </div>
          </Form>
        ) : null}
      </section>

      {view.manage && !frozen ? (
        <>
          <section className="page" id="rates" aria-labelledby="rates-h">
            <h2 id="rates-h">{t("campaigns.ledger.ratesTitle")}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="saveRates" />
              {result?.intent === "saveRates" ? <FormError code={result.error} vars={result.vars} /> : null}
              <div className="form-grid">
                {(["sme", "large", "research"] as const).map((c) => (
                  <div className="field" key={c}>
                    <label htmlFor={`f-rate_${c}`}>{t("campaigns.ledger.rateFor", { category: t(`campaigns.orgCategory.${c}`) })}</label>
                    <input id={`f-rate_${c}`} name={`rate_${c}`} inputMode="decimal" defaultValue={view.rates[c]} size={6} />
                  </div>
                ))}
                <div className="field">
                  <label htmlFor="f-vatRate">{t("campaigns.ledger.vatRate")}</label>
                  <input id="f-vatRate" name="vatRate" inputMode="decimal" defaultValue={view.vatRate} size={6} />
                </div>
              </div>
              <label className="checkbox">
                <input type="checkbox" name="vatRecoverable" value="yes" defaultChecked={view.vatRecoverable} />
                {t("campaigns.ledger.vatRecoverable")}
              </label>
              <label className="checkbox">
                <input type="checkbox" name="publishFullTable" value="yes" defaultChecked={view.publishFullTable} />
                {t("campaigns.ledger.publish")}
              </label>
              <button type="submit" className="button" disabled={busy}>
                {t("common.save")}
              </button>
            </Form>
          </section>

          <section className="page" id="terms" aria-labelledby="terms-h">
            <h2 id="terms-h">{t("campaigns.ledger.termsTitle")}</h2>
            <p className="muted">{t("campaigns.ledger.termsHint")}</p>
            {view.terms.length === 0 ? (
              <p className="muted">{t("campaigns.ledger.noActive")}</p>
            ) : (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="saveTerms" />
                {result?.intent === "saveTerms" ? <FormError code={result.error} vars={result.vars} /> : null}
                <div className="table-wrap">
                  <table className="terms-table">
                    <thead>
                      <tr>
                        <th scope="col">{t("campaigns.ledger.participant")}</th>
                        <th scope="col">{t("campaigns.apply.area")}</th>
                        <th scope="col">{t("campaigns.apply.delegates")}</th>
                        <th scope="col">{t("campaigns.ledger.cap")}</th>
                        <th scope="col">{t("campaigns.ledger.ownRate")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {view.terms.map((p) => (
                        <tr key={p.id}>
                          <th scope="row">
                            {p.name}
                            <br />
                            <span className="muted">{t(`campaigns.orgCategory.${p.category}`)}</span>
                          </th>
                          <td>
                            <input aria-label={t("campaigns.ledger.areaOf", { org: p.name })} name={`area_${p.id}`} defaultValue={trimZeros(p.area)} inputMode="decimal" size={6} />
                          </td>
                          <td>
                            <input aria-label={t("campaigns.ledger.delegatesOf", { org: p.name })} name={`delegates_${p.id}`} defaultValue={String(p.delegates)} inputMode="numeric" size={4} />
                          </td>
                          <td>
                            <input aria-label={t("campaigns.ledger.capOf", { org: p.name })} name={`cap_${p.id}`} defaultValue={p.cap ? trimZeros(p.cap) : ""} inputMode="decimal" size={10} />
                          </td>
                          <td>
                            <input aria-label={t("campaigns.ledger.ownRateOf", { org: p.name })} name={`rate_${p.id}`} defaultValue={p.rate ?? ""} inputMode="decimal" size={6} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <button type="submit" className="button" disabled={busy}>
                  {t("common.save")}
                </button>
              </Form>
            )}
          </section>
        </>
      ) : null}

      <section className="page" id="versions" aria-labelledby="versions-h">
        <h2 id="versions-h">{t("campaigns.ledger.versions")}</h2>
        {view.versions.length === 0 ? <p className="muted">{t("campaigns.ledger.noVersions")}</p> : null}
        <ol className="list versions">
          {view.versions.map((v) => (
            <li key={v.version} data-version={v.version}>
              <h3>
                {t("campaigns.ledger.version", { version: v.version })}: {t(v.reason as MessageKey, v.reasonVars)}
              </h3>
              <p className="muted">
                {formatDateTime(v.at, locale)}
                {v.by ? ` · ${v.by}` : ""} · {t("campaigns.ledger.totalsLine", { gross: money(v.totals.gross), support: money(v.totals.support), net: money(v.totals.net) })}
              </p>
              {v.changes.length ? (
                <table className="version-diff">
                  <thead>
                    <tr>
                      <th scope="col">{t("campaigns.ledger.participant")}</th>
                      <th scope="col" className="num">
                        {t("campaigns.ledger.netBefore")}
                      </th>
                      <th scope="col" className="num">
                        {t("campaigns.ledger.netAfter")}
                      </th>
                      <th scope="col" className="num">
                        {t("campaigns.ledger.change")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.changes.map((c, i) => (
                      <tr key={i} className={c.own ? "own" : undefined}>
                        <th scope="row">
                          {c.aggregate ? t("campaigns.ledger.othersChange") : c.name}
                          {!c.aggregate && !c.before ? <span className="badge">{t("campaigns.ledger.joinedBadge")}</span> : null}
                          {!c.aggregate && !c.after ? <span className="badge">{t("campaigns.ledger.leftBadge")}</span> : null}
                        </th>
                        <td className="num">{c.before ? money(c.before.net) : "—"}</td>
                        <td className="num">{c.after ? money(c.after.net) : "—"}</td>
                        <td className="num">{signed(c.deltaNet, money)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="muted">{t("campaigns.ledger.noShareChange")}</p>
              )}
              {v.linesAdded.length || v.linesRemoved.length || v.linesChanged.length ? (
                <ul className="line-changes">
                  {v.linesAdded.map((l, i) => (
                    <li key={`a${i}`}>{t("campaigns.ledger.lineAddedItem", { line: l })}</li>
                  ))}
                  {v.linesRemoved.map((l, i) => (
                    <li key={`r${i}`}>{t("campaigns.ledger.lineRemovedItem", { line: l })}</li>
                  ))}
                  {v.linesChanged.map((l, i) => (
                    <li key={`c${i}`}>{t("campaigns.ledger.lineChangedItem", { line: l.description, before: money(l.before), after: money(l.after) })}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function signed(v: string, money: (v: string) => string): string {
  if (v === "0.00") return money(v);
  return v.startsWith("-") ? `−${money(v.slice(1))}` : `+${money(v)}`;
}
