// The pool page's sections about its loads: the viewer's own part (decisions, its share, contact sharing) and the
// table of every load (with the coordinator's decisions on requests to join).
import { Form, Link } from "@remix-run/react";
import { countryName } from "~/components/directory";
import { useLocale, useT } from "~/components/i18n";
import { Fact, Facts, Lane, num, Window } from "~/components/logistics";
import { formatMoney } from "~/i18n/format";
import type { PoolAccess } from "~/modules/logistics/access.server";
import type { PoolView } from "~/modules/logistics/pools.server";

function useMemberName() {
  const t = useT();
  return (label: string, mine: boolean) => (mine ? t("logistics.pool.memberYours", { label }) : t("logistics.pool.member", { label }));
}

/** The viewer's own loads in the pool: accept / decline / leave, its share of the quote, sharing contacts. */
export function PoolYourPart({ pool, busy }: { pool: PoolView; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const memberName = useMemberName();
  const myShares = pool.members.filter((m) => m.mine && m.share);
  return (
    <section className="page" aria-labelledby="mine-h">
      <h2 id="mine-h">{t("logistics.pool.yourPart")}</h2>
      {pool.mine.map((m) => (
        <div key={m.requestId} className="card">
          <p>
            <Link to={`/logistics/requests/${m.requestId}`}>{memberName(m.label, true)}</Link> ·{" "}
            {m.state === "pending" ? (m.joined ? t("logistics.pool.waitingCoordinator") : t("logistics.pool.waitingYou")) : t("logistics.pool.accepted")}
          </p>
          <Form noValidate method="post" className="button-row">
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
                  <Fact label={t("logistics.pool.saving")}>
                    {t("logistics.pool.savingValue", { saving: formatMoney(m.share!.saving, locale), standalone: formatMoney(m.share!.standalone!, locale) })}
                  </Fact>
                ) : null}
              </>
            )}
          </Facts>
        </div>
      ))}
      <Form noValidate method="post" id="contacts" className="card">
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
  );
}

/** Every load in the pool as this viewer may see it; the coordinator decides requests to join here. */
export function PoolMembers({ pool, may, busy }: { pool: PoolView; may: PoolAccess["may"]; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const memberName = useMemberName();
  return (
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
              {may.allShares ? <th scope="col">{t("logistics.pool.shareCol")}</th> : null}
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
                  {m.state === "pending" && m.joined && may.coordinate ? (
                    <Form noValidate method="post" className="button-row">
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
                {may.allShares ? <td>{m.share ? formatMoney(m.share.total, locale) : pool.sharesWithheld && m.leg === "outbound" ? t("logistics.pool.shareConfidential") : "—"}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
