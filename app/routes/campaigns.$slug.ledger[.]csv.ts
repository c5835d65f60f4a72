import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { notFound } from "~/modules/policy/authorize.server";
import { campaignAccess } from "~/modules/campaigns/access.server";
import { ledgerView } from "~/modules/campaigns/ledger.server";
import { ledgerCsv } from "~/modules/campaigns/csv";

/**
 * GET /campaigns/:slug/ledger.csv — the ledger for accounting. Same rule as the ledger page (campaign.ledger.view):
 * 404 for anyone else; a participant's org admin gets its own lines and the others summed up unless the table is
 * published.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a || !a.may.ledgerView) notFound();
  const view = (await ledgerView(context.db, viewer, a))!;
  const locale = viewer.locale;
  const title = (locale === "lv" ? a.campaign.title_lv : a.campaign.title_en) || a.campaign.title_lv;
  const body = ledgerCsv(view, { title, locale, t: translator(locale) });
  const filename = `${a.campaign.slug}-ledger${view.version ? `-v${view.version}` : ""}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
