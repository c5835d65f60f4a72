import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { adminOverview } from "~/modules/admin/overview.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.admin")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "admin.area" });
  const counts = await adminOverview(context.db, viewer);
  return { ...counts, smtp: context.config.smtpConfigured, queueOnly: !!context.config.mailQueueOnly };
}

export default function AdminIndex() {
  const t = useT();
  const c = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <p>{t("admin.intro")}</p>
      {c.queueOnly ? <p className="notice">{t("admin.smtpQueueOnly")}</p> : !c.smtp ? <p className="notice">{t("admin.smtpOff")}</p> : null}
      <div className="tiles">
        <Link to="/approvals" className="tile">
          <strong>{t("admin.nav.approvals")}</strong>
          <span>{t("admin.index.approvals")}</span>
          {c.orgs > 0 ? <span className="badge status-queued">{t("admin.index.pendingOrgs", { count: c.orgs })}</span> : null}
          {c.people > 0 ? <span className="badge status-queued">{t("admin.index.pendingPeople", { count: c.people })}</span> : null}
        </Link>
        <Link to="/admin/people" className="tile">
          <strong>{t("admin.nav.people")}</strong>
          <span>{t("admin.index.people")}</span>
        </Link>
        <Link to="/admin/audit" className="tile">
          <strong>{t("admin.nav.audit")}</strong>
          <span>{t("admin.index.audit")}</span>
        </Link>
        <Link to="/admin/outbox" className="tile">
          <strong>{t("admin.nav.outbox")}</strong>
          <span>{t("admin.index.outbox")}</span>
          {c.failed > 0 ? <span className="badge status-failed">{t("admin.index.failedMail", { count: c.failed })}</span> : null}
        </Link>
      </div>
    </>
  );
}
