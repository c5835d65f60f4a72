import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDateTime } from "~/i18n/format";
import { describeNotification, plainText } from "~/modules/notifications/describe";
import { requireMember } from "~/modules/auth/guards.server";
import { safeRedirect } from "~/modules/auth/redirect";
import { readForm } from "~/modules/forms";
import { isUuid } from "~/lib/ids";
import { listNotifications, markAllNotificationsRead, markNotificationRead } from "~/modules/notifications/notifications.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.notifications")];

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

export default function Notifications() {
  const t = useT();
  const locale = useLocale();
  const { items, next, first } = useLoaderData<typeof loader>();
  return (
    <section className="page narrow">
      <div className="page-head">
        <h1>{t("notifications.title")}</h1>
        <Link to="/settings/notifications" className="button secondary small">
          {t("notifications.settings")}
        </Link>
        {items.some((n) => !n.read) ? (
          <Form noValidate method="post">
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
            {!n.read ? <span className="badge">{t("notifications.new")}</span> : null} <span>{describeNotification(t, n.kind, n.payload, locale)}</span>
            {typeof n.payload.excerpt === "string" && n.payload.excerpt ? <blockquote className="excerpt">{plainText(n.payload.excerpt)}</blockquote> : null}
            <p className="muted">
              <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, locale)}</time>
            </p>
            <div className="button-row">
              <Form noValidate method="post" className="inline">
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
