import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/components/i18n";
import { fieldProblem, FormError, Notice, useActionError } from "~/components/forms";
import { countryName } from "~/components/directory";
import { euro, Fact, Facts, Lane, LoadSummary, Notes, num, RegionHelp, StatusBadge, Window } from "~/components/logistics";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { parseSeq } from "~/lib/ids";
import { requireMember } from "~/modules/auth/guards.server";
import { parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { requestAccess } from "~/modules/logistics/access.server";
import { joinPool, proposePool } from "~/modules/logistics/pools.server";
import { cancelRequest, expireStale, requestPageExtras } from "~/modules/logistics/requests.server";
import { unEntry } from "~/modules/logistics/reference";
import { notFound } from "~/modules/policy/authorize.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.logistics.requests.id")];

async function load(request: Request, id: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  await expireStale(context.db);
  const access = await requestAccess(context.db, viewer, id ?? "");
  if (!access) notFound();
  return { viewer, access };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, access } = await load(request, params.id, context);
  const { view, facts, may } = access;
  const { showSuggestions, suggestions, pools } = await requestPageExtras(context.db, viewer, access);
  return {
    view,
    may,
    own: facts.own,
    suggestions,
    showSuggestions,
    pools,
    dgNames: view.detail?.dg.map((l) => ({ un: l.un, en: unEntry(l.un)?.nameEn ?? "", lv: unEntry(l.un)?.nameLv ?? "" })) ?? [],
  };
}

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("cancel"),
    version: z
      .string()
      .optional()
      .transform((v) => parseSeq(v) ?? -1),
  }),
  z.object({ intent: z.literal("propose"), with: list.refine((v) => v.length > 0, "logistics.error.poolSelection") }),
  z.object({
    intent: z.literal("join"),
    poolId: z.string().default(""),
    leg: z
      .string()
      .optional()
      .transform((v) => (v === "return" ? "return" : "outbound")),
  }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, access } = await load(request, params.id, context);
  const form = await readForm(request, 16 * 1024);
  const parsed = parseForm(form, Intent);
  if (!parsed.ok) return actionError(parsed.error);
  const f = parsed.data;
  try {
    switch (f.intent) {
      case "cancel":
        await cancelRequest(context, viewer, access, f.version);
        return redirect(`/logistics/requests/${access.row.id}?cancelled=1`);
      case "propose": {
        const { poolId } = await proposePool(context, viewer, [access.row.id, ...f.with]);
        return redirect(`/logistics/pools/${poolId}?proposed=1`);
      }
      case "join":
        await joinPool(context, viewer, f.poolId, access.row.id, f.leg);
        return redirect(`/logistics/pools/${f.poolId}?joined=1`);
    }
  } catch (err) {
    return actionError(err);
  }
}

export default function RequestPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const { error } = useActionError();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const { card, detail } = d.view;
  const priv = d.view.private;
  const proposable = d.suggestions.filter((s) => (s.kind === "request" || s.kind === "consolidate") && s.ok);
  const title = priv?.ref ? t("logistics.request.titleRef", { ref: priv.ref }) : t("logistics.request.title");
  return (
    <section className="page" aria-labelledby="req-h">
      <p className="breadcrumb">
        <Link to="/logistics">{t("nav.logistics")}</Link>
      </p>
      <div className="page-head">
        <h1 id="req-h">{title}</h1>
        <StatusBadge status={card.status} />
      </div>
      {params.get("created") ? <Notice>{t("logistics.request.created")}</Notice> : null}
      {params.get("cancelled") ? <Notice>{t("logistics.request.cancelledNotice")}</Notice> : null}
      <FormError error={error} summary={fieldProblem(error, "with")?.key} />
      {!d.own && !priv ? <p className="muted">{t("logistics.request.anonymous")}</p> : null}
      {card.countryLevel ? <Notice>{t("logistics.request.countryLevel")}</Notice> : null}
      {!card.controlsCarriage ? (
        <div className="notice warning" role="note">
          {t(detail?.role === "buyer" ? "logistics.request.sellerArranges" : "logistics.request.buyerArranges", { incoterm: card.incoterm })}
        </div>
      ) : null}

      <Facts>
        <Fact label={t("logistics.field.lane")}>
          <Lane from={card.originArea} to={card.destinationArea} />
        </Fact>
        {detail ? (
          <>
            <Fact label={t("logistics.form.from")}>
              {detail.origin.city}, {detail.origin.postcode}, {countryName(detail.origin.country, locale)}
            </Fact>
            <Fact label={t("logistics.form.to")}>
              {detail.destination.city}, {detail.destination.postcode}, {countryName(detail.destination.country, locale)}
            </Fact>
          </>
        ) : null}
        <Fact label={t("logistics.field.pickup")}>
          <Window from={card.earliestPickup} to={card.latestPickup} />
        </Fact>
        <Fact label={t("logistics.field.delivery")}>
          {card.earliestDelivery ? (
            <Window from={card.earliestDelivery} to={card.latestDelivery} />
          ) : (
            <>
              {t("logistics.request.by")} <time dateTime={card.latestDelivery}>{formatDateTime(card.latestDelivery, locale)}</time>
            </>
          )}
        </Fact>
        <Fact label={t("logistics.field.load")}>
          <LoadSummary card={card} /> · {t("logistics.ldmValue", { ldm: num(card.ldm, locale) })}
          {detail?.volumeM3 ? ` · ${num(detail.volumeM3, locale)} m³` : ""}
        </Fact>
        <Fact label={t("logistics.field.temp")}>
          {t(`logistics.temp.${card.tempClass}`)}
          {card.gdp ? ` · ${t("logistics.gdp.long")}` : ""}
        </Fact>
        <Fact label={t("logistics.field.dg")}>
          {detail && detail.dg.length ? (
            <ul className="plain">
              {detail.dg.map((l, i) => (
                <li key={i}>
                  {l.un} {locale === "lv" ? d.dgNames[i]?.lv : d.dgNames[i]?.en} — {t("logistics.dg.class", { cls: l.cls })}
                  {l.pg ? `, ${t("logistics.dg.pgShort", { pg: l.pg })}` : ""}, {num(l.quantity, locale)} {l.unit}
                  {l.lq ? ` · ${t("logistics.dg.lqShort")}` : ""}
                </li>
              ))}
            </ul>
          ) : card.dgClasses.length ? (
            card.dgClasses.map((c) => t("logistics.dg.class", { cls: c })).join(", ")
          ) : (
            t("logistics.dg.none")
          )}
        </Fact>
        <Fact label={t("logistics.field.customs")}>{t(`logistics.customs.${card.customs}`)}</Fact>
        <Fact label={t("logistics.field.incoterm")}>
          {card.incoterm}
          {detail ? ` ${detail.namedPlace}` : ""}
        </Fact>
      </Facts>

      {priv ? (
        <section aria-labelledby="private-h" className="card private">
          <h2 id="private-h">{t("logistics.form.private")}</h2>
          <p className="muted">{t("logistics.form.privateHint")}</p>
          <Facts>
            <Fact label={t("logistics.field.org")}>{priv.orgName}</Fact>
            <Fact label={t("logistics.field.goods")}>{priv.goods}</Fact>
            <Fact label={t("logistics.field.consignee")}>{priv.consignee || "—"}</Fact>
            <Fact label={t("logistics.field.goodsValue")}>{priv.goodsValueEur ? formatMoney(priv.goodsValueEur, locale) : "—"}</Fact>
            <Fact label={t("logistics.field.standalone")}>{priv.standaloneEur ? formatMoney(priv.standaloneEur, locale) : "—"}</Fact>
            <Fact label={t("logistics.field.contact")}>{priv.contact || "—"}</Fact>
            <Fact label={t("logistics.field.notes")}>{priv.notes || "—"}</Fact>
          </Facts>
        </section>
      ) : null}

      {d.pools.length ? (
        <p>
          {t("logistics.request.inPool")}{" "}
          {d.pools.map((p) => (
            <Link key={p.id} to={`/logistics/pools/${p.id}`}>
              {t("logistics.pool.title", { code: p.code })}
            </Link>
          ))}
        </p>
      ) : null}

      {d.may.manage ? (
        <Form noValidate method="post" className="button-row">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="version" value={d.view.version} />
          <button type="submit" className="button danger small" disabled={busy}>
            {t("logistics.request.cancel")}
          </button>
        </Form>
      ) : null}

      {d.showSuggestions ? (
        <section aria-labelledby="sugg-h">
          <h2 id="sugg-h">{t("logistics.suggestions.title")}</h2>
          <p className="muted">{t("logistics.suggestions.intro")}</p>
          <RegionHelp />
          {d.suggestions.length === 0 ? <p>{t("logistics.suggestions.none")}</p> : null}
          <Form noValidate method="post" id="propose-form">
            <input type="hidden" name="intent" value="propose" />
          </Form>
          <ol className="suggestions">
            {d.suggestions.map((s) => {
              const id = `s-${s.kind}-${s.id}`;
              return (
                <li key={id} className={`card suggestion ${s.ok ? (s.partial ? "partial" : "match") : "blocked"}`} aria-labelledby={`${id}-h`}>
                  <h3 id={`${id}-h`}>
                    {s.kind === "request"
                      ? t("logistics.suggestion.request")
                      : s.kind === "consolidate"
                        ? t("logistics.suggestion.own")
                        : s.kind === "pool"
                          ? t("logistics.suggestion.pool", { code: s.poolCode ?? "" })
                          : t("logistics.suggestion.backhaul", { code: s.poolCode ?? "" })}{" "}
                    <span className={`badge result-${s.ok ? (s.partial ? "partial" : "match") : "blocked"}`}>
                      {s.ok ? (s.partial ? t("logistics.result.partial") : t("logistics.result.match")) : t("logistics.result.blocked")}
                    </span>
                  </h3>
                  <p>
                    <Lane from={s.from} to={s.to} /> · <Window from={s.earliestPickup} to={s.latestPickup} /> · {t(`logistics.tempShort.${s.tempClass}`)}
                  </p>
                  {s.ok ? (
                    <p className="saving">
                      {s.savingEur > 0
                        ? t("logistics.suggestion.saving", {
                            eur: euro(s.savingEur, locale),
                            pct: num(s.savingPct, locale),
                            standalone: euro(s.standaloneEur, locale),
                            pooled: euro(s.pooledEur, locale),
                          })
                        : t("logistics.suggestion.noSaving", { standalone: euro(s.standaloneEur, locale), pooled: euro(s.pooledEur, locale) })}
                    </p>
                  ) : null}
                  <Notes title={t("logistics.notes.reasons")} items={s.reasons} className="reasons" />
                  <Notes title={t("logistics.notes.warnings")} items={s.warnings} className="warnings" />
                  <Notes title={t("logistics.notes.blockers")} items={s.blockers} className="blockers" />
                  {s.kind === "consolidate" ? <p className="muted">{t("logistics.suggestion.ownHint")}</p> : null}
                  {s.ok && (s.kind === "request" || s.kind === "consolidate") ? (
                    <div className="field check">
                      <input type="checkbox" id={`with-${s.id}`} name="with" value={s.id} form="propose-form" />
                      <label htmlFor={`with-${s.id}`}>{t("logistics.suggestion.include")}</label>
                    </div>
                  ) : null}
                  {s.ok && (s.kind === "pool" || s.kind === "backhaul") ? (
                    <Form noValidate method="post">
                      <input type="hidden" name="intent" value="join" />
                      <input type="hidden" name="poolId" value={s.id} />
                      <input type="hidden" name="leg" value={s.kind === "backhaul" ? "return" : "outbound"} />
                      <button type="submit" className="button small" disabled={busy}>
                        {s.kind === "backhaul" ? t("logistics.suggestion.askReturn") : t("logistics.suggestion.askJoin")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {proposable.length ? (
            <p>
              <button type="submit" form="propose-form" className="button" disabled={busy}>
                {t("logistics.suggestion.propose")}
              </button>{" "}
              <span className="muted">{t("logistics.suggestion.proposeHint")}</span>
            </p>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
