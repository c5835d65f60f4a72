import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatNumber } from "~/i18n/format";
import { Notice } from "~/components/forms";
import { pickLang } from "~/components/groups";
import { StatusBadge } from "~/components/campaigns";
import { LedgerLines } from "~/components/campaigns/ledger-lines";
import { LedgerSettings } from "~/components/campaigns/ledger-settings";
import { LedgerShares } from "~/components/campaigns/ledger-shares";
import { LedgerVersions } from "~/components/campaigns/ledger-versions";
import { useLedgerResult } from "~/components/campaigns/ledger-result";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { z } from "zod";
import { notFound } from "~/modules/policy/authorize.server";
import { campaignAccess } from "~/modules/campaigns/access.server";
import { deleteLine, ledgerView, saveLine, saveRates, saveTerms } from "~/modules/campaigns/ledger.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.campaigns.slug.ledger", data ? data.title : undefined)];

async function load(request: Request, slug: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: slug ?? "" });
  // The budget is confidential: anyone who may not see it gets 404, as if it did not exist.
  // An ordinary member of an accepted organisation whose admin shares its cost share sees its own share, read-only.
  if (!a || (!a.may.ledgerView && !a.may.ledgerOwnShare)) notFound();
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

/** The page's forms, one per intent (amounts, percentages and participants are checked by the domain). */
const Intent = z.discriminatedUnion("intent", [z.object({ intent: z.enum(["saveLine", "deleteLine"]), lineId: z.string().default("") }), z.object({ intent: z.enum(["saveRates", "saveTerms"]) })]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  const form = await readForm(request, 128 * 1024);
  const values = formObject(form);
  const extra = { values, intent: typeof values.intent === "string" ? values.intent : "" };
  const parsed = parseForm(form, Intent);
  if (!parsed.ok) return actionError(parsed.error, extra);
  const f = parsed.data;
  const here = `/campaigns/${a.campaign.slug}/ledger`;
  try {
    switch (f.intent) {
      case "saveLine": {
        const lineId = f.lineId || null;
        await saveLine(context, viewer, a, lineId, values);
        return redirect(`${here}?done=${lineId ? "lineSaved" : "lineAdded"}#lines`);
      }
      case "deleteLine":
        await deleteLine(context, viewer, a, f.lineId);
        return redirect(`${here}?done=lineDeleted#lines`);
      case "saveRates":
        await saveRates(context, viewer, a, values);
        return redirect(`${here}?done=ratesSaved#rates`);
      case "saveTerms":
        await saveTerms(context, viewer, a, values);
        return redirect(`${here}?done=termsSaved#terms`);
    }
  } catch (err) {
    return actionError(err, extra);
  }
}

const DONE: Record<string, MessageKey> = {
  lineAdded: "campaigns.ledger.done.lineAdded",
  lineSaved: "campaigns.ledger.done.lineSaved",
  lineDeleted: "campaigns.ledger.done.lineDeleted",
  ratesSaved: "campaigns.ledger.done.ratesSaved",
  termsSaved: "campaigns.ledger.done.termsSaved",
};

export default function LedgerPage() {
  const t = useT();
  const locale = useLocale();
  const { slug, title, status, frozen, view, editLine } = useLoaderData<typeof loader>();
  const result = useLedgerResult();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const here = `/campaigns/${slug}/ledger`;

  return (
    <div className="ledger-page">
      <p className="breadcrumb">
        <Link to="/campaigns">{t("nav.campaigns")}</Link> › <Link to={`/campaigns/${slug}`}>{title}</Link>
      </p>
      <section className="page" aria-labelledby="ledger-h">
        <div className="page-head">
          <h1 id="ledger-h">{t("campaigns.ledger.title", { title })}</h1>
          {view.ownShareOnly ? null : (
            <a href={`/campaigns/${slug}/ledger.csv`} className="button secondary small" download>
              {t("campaigns.ledger.csv")}
            </a>
          )}
        </div>
        <p className="button-row">
          <StatusBadge status={status} />
          {view.version ? <span className="badge">{t("campaigns.ledger.version", { version: view.version })}</span> : null}
          {!view.full ? <span className="badge">{t("campaigns.ledger.ownView")}</span> : null}
        </p>
        {view.ownShareOnly ? <p className="muted">{t("campaigns.ledger.ownShareOnly")}</p> : null}
        {done && DONE[done] ? <Notice>{t(DONE[done])}</Notice> : null}
        {frozen ? <p className="notice">{t("campaigns.ledger.frozen")}</p> : null}
        {view.stand?.over ? (
          <p className="notice warning" role="status" data-over-allocated>
            {t("campaigns.stand.over", {
              allocated: formatNumber(view.stand.allocated.replace(/\.?0+$/, "") || "0", locale),
              stand: formatNumber(view.stand.area.replace(/\.?0+$/, "") || "0", locale),
            })}
          </p>
        ) : null}
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

        <LedgerShares view={view} />
      </section>
      <LedgerLines view={view} frozen={frozen} here={here} editLine={editLine} result={result} busy={busy} />
      {view.manage && !frozen ? <LedgerSettings view={view} result={result} busy={busy} /> : null}
      <LedgerVersions view={view} />
    </div>
  );
}
