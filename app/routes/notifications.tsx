import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDate, formatDateTime, formatMoney } from "~/i18n/format";
import type { MessageKey, T } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { safeRedirect } from "~/modules/auth/redirect";
import { readForm } from "~/modules/forms";
import { isUuid } from "~/lib/ids";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationItem,
} from "~/modules/notifications/notifications.server";

export const meta: MetaFunction = () => [{ title: "Paziņojumi · Notifications" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const after = new URL(request.url).searchParams.get("after");
  return { ...(await listNotifications(context.db, viewer.id, after)), first: !after };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const form = await readForm(request, 8 * 1024);
  const intent = form.get("intent");
  const id = String(form.get("id") ?? "");
  if (intent === "readAll") {
    await markAllNotificationsRead(context.db, viewer.id);
    return redirect("/notifications");
  }
  if (!isUuid(id)) throw new Response("Bad Request", { status: 400 });
  const href = await markNotificationRead(context.db, viewer.id, id);
  // "Open": mark read, then go to the thing (only ever a path on this site).
  return redirect(intent === "open" ? safeRedirect(href, "/notifications") : "/notifications");
}

function describe(t: T, n: NotificationItem, locale: "lv" | "en"): string {
  const p = n.payload;
  const group = p.group?.[locale] || p.group?.lv || p.subject?.[locale] || p.subject?.lv || p.campaign?.[locale] || p.campaign?.lv || "";
  switch (n.kind) {
    case "mention":
      return t("notifications.mention", { author: p.author ?? "", thread: p.threadTitle ?? "", group });
    case "group_request":
      return t("notifications.groupRequest", { name: p.name ?? "", group });
    case "group_request_approved":
      return t("notifications.groupApproved", { group });
    case "group_request_declined":
      return t("notifications.groupDeclined", { group });
    case "group_invite":
      return p.org ? t("notifications.groupInviteOrg", { by: p.by ?? "", group, org: p.org }) : t("notifications.groupInvite", { by: p.by ?? "", group });
    case "campaign_status":
      return t("notifications.campaignStatus", { campaign: group, status: t(`campaigns.status.${p.to}` as MessageKey) });
    case "campaign_application":
      return t(p.waitlisted ? "notifications.campaignApplicationWaitlisted" : "notifications.campaignApplication", { campaign: group, org: p.org ?? "" });
    case "campaign_decision":
      return t(`notifications.campaignDecision.${p.decision as "accepted" | "declined" | "waitlisted"}`, { campaign: group });
    case "campaign_withdrawal":
      return t(p.version ? "notifications.campaignWithdrawal" : "notifications.campaignWithdrawalApplication", { campaign: group, org: p.org ?? "" });
    case "campaign_deliverable_due":
      return t("notifications.campaignDeliverableDue", {
        campaign: group,
        deliverable: p.deliverable?.[locale] || p.deliverable?.lv || "",
        date: p.dueOn ? formatDate(p.dueOn, locale) : "",
      });
    case "logistics_match":
      return t("logistics.notify.match", { ref: p.ref || "—", lane: p.lane?.[locale] || p.lane?.lv || "" });
    case "pool_invite":
      return t("logistics.notify.invite", { code: p.code ?? "", ref: p.ref || "—" });
    case "pool_join":
      return t("logistics.notify.join", { code: p.code ?? "" });
    case "pool_quoted":
      return t("logistics.notify.quoted", { code: p.code ?? "", ref: p.ref || "—", share: p.share ? formatMoney(p.share, locale) : "" });
    case "pool_status":
      return t("logistics.notify.status", { code: p.code ?? "", ref: p.ref || "—", status: t(`logistics.poolStatus.${p.status}` as never) });
    default:
      return n.kind;
  }
}

export default function Notifications() {
  const t = useT();
  const locale = useLocale();
  const { items, next, first } = useLoaderData<typeof loader>();
  return (
    <section className="page narrow">
      <div className="page-head">
        <h1>{t("notifications.title")}</h1>
        {items.some((n) => !n.read) ? (
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            <button type="submit" className="button secondary small">
              {t("notifications.readAll")}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? <p>{first ? t("notifications.none") : t("common.none")}</p> : null}
      <ul className="list notifications">
        {items.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"}>
            {!n.read ? <span className="badge">{t("notifications.new")}</span> : null} <span>{describe(t, n, locale)}</span>
            {n.kind === "mention" && n.payload.excerpt ? <blockquote className="excerpt">{String(n.payload.excerpt)}</blockquote> : null}
            <p className="muted">
              <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, locale)}</time>
            </p>
            <div className="button-row">
              <Form method="post" className="inline">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" name="intent" value="open" className="button small">
                  {t("notifications.open")}
                </button>
                {!n.read ? (
                  <>
                    {" "}
                    <button type="submit" name="intent" value="read" className="button small secondary">
                      {t("notifications.markRead")}
                    </button>
                  </>
                ) : null}
              </Form>
            </div>
          </li>
        ))}
      </ul>
      {next ? (
        <nav className="pager" aria-label={t("notifications.title")}>
          <span />
          <Link to={`/notifications?after=${next}`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}
