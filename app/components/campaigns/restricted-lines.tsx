import { Form, Link } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { useT } from "~/components/i18n";
import type { CampaignPage } from "~/modules/campaigns/page.server";
import type { RestrictedLine } from "~/modules/campaigns/ledger.server";
import type { CampaignResult } from "./result";

/**
 * After accepting an application (or recording a withdrawal) the coordinator sees the budget lines split only among
 * chosen participants: a newcomer pays nothing for them unless included, which one form does in one step.
 */
export function RestrictedLines(props: {
  d: CampaignPage;
  restricted: { participantId: string; org: string; kind: "joined" | "left"; lines: RestrictedLine[] };
  result: CampaignResult | null;
  busy: boolean;
}) {
  const t = useT();
  const { d, restricted: r, result, busy } = props;
  const error = result?.intent === "includeInLines" ? result.error : null;
  const lines = r.kind === "left" ? r.lines.filter((l) => l.includes) : r.lines;
  if (lines.length === 0) return null;
  const open = lines.filter((l) => !l.includes && l.splitKey !== "custom");
  return (
    <section className="page notice warning" id="restricted" aria-labelledby="restricted-h">
      <h2 id="restricted-h">{t("campaigns.restricted.title")}</h2>
      <p>{t(r.kind === "joined" ? "campaigns.restricted.joined" : "campaigns.restricted.left", { org: r.org })}</p>
      <FormError error={error} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="includeInLines" />
        <input type="hidden" name="participantId" value={r.participantId} />
        <ul className="list">
          {lines.map((l) => (
            <li key={l.id}>
              {r.kind === "joined" && !l.includes && l.splitKey !== "custom" ? (
                <label className="checkbox">
                  <input type="checkbox" name="lineId" value={l.id} defaultChecked />
                  {l.description}
                </label>
              ) : (
                <strong>{l.description}</strong>
              )}{" "}
              <span className="muted">
                {r.kind === "joined" && l.includes ? `(${t("campaigns.restricted.includes")}) ` : ""}
                {l.splitKey === "custom" ? `(${t("campaigns.restricted.custom")}) ` : ""}
                {r.kind === "left" ? `— ${l.activeMembers === 0 ? t("campaigns.restricted.noneLeft") : t("campaigns.restricted.members", { count: l.activeMembers })}` : ""}
              </span>
            </li>
          ))}
        </ul>
        {r.kind === "joined" && open.length ? (
          <button type="submit" className="button" disabled={busy}>
            {t("campaigns.restricted.submit", { org: r.org })}
          </button>
        ) : null}{" "}
        <Link to={`/campaigns/${d.slug}/ledger#lines`} className="button secondary">
          {t("campaigns.restricted.ledger")}
        </Link>
      </Form>
    </section>
  );
}
