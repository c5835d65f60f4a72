import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { DateTime, Pager, statusKey } from "~/components/admin-ui";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { listOutbox } from "~/modules/mail/outbox-view.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.admin.outbox")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "outbox.view" });
  const mail = await listOutbox(context.db, viewer, new URL(request.url).searchParams.get("after"));
  return { mail, smtp: context.config.smtpConfigured, queueOnly: !!context.config.mailQueueOnly };
}

export default function AdminOutbox() {
  const t = useT();
  const { mail, smtp, queueOnly } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("admin.outbox.title")}</h1>
      <p>
        {t("admin.outbox.intro")} <span className="muted">{t("admin.timeNote")}</span>
      </p>
      {queueOnly ? <p className="notice">{t("admin.smtpQueueOnly")}</p> : !smtp ? <p className="notice">{t("admin.smtpOff")}</p> : null}
      {mail.items.length === 0 ? (
        <p>{t("admin.outbox.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="outbox">
            <thead>
              <tr>
                <th scope="col">{t("admin.outbox.col.status")}</th>
                <th scope="col">{t("admin.outbox.col.to")}</th>
                <th scope="col">{t("admin.outbox.col.subject")}</th>
                <th scope="col">{t("admin.outbox.col.created")}</th>
                <th scope="col">{t("admin.outbox.col.attempts")}</th>
                <th scope="col">{t("admin.outbox.col.error")}</th>
              </tr>
            </thead>
            <tbody>
              {mail.items.map((m) => (
                <tr key={m.id}>
                  <td>
                    <span className={`badge status-${m.status}`}>{t(statusKey(m.status))}</span>
                  </td>
                  <td>
                    {m.toName ? (
                      <>
                        {m.toName}
                        <br />
                        <span className="muted">{m.to}</span>
                      </>
                    ) : (
                      m.to
                    )}
                  </td>
                  <td>
                    <Link to={`/admin/outbox/${m.id}`}>{m.subject ?? t("admin.outbox.notRendered", { template: m.template })}</Link>
                  </td>
                  <td>
                    <DateTime iso={m.createdAt} />
                  </td>
                  <td>{m.attempts}</td>
                  <td className="error-cell">{m.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager next={mail.next} />
    </>
  );
}
