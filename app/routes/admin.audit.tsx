import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { DateTime, Pager } from "~/components/admin-ui";
import { isMessageKey, type MessageKey, type T } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { listAudit, type AuditEntry } from "~/modules/audit/log.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.admin.audit")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "audit.view" });
  const log = await listAudit(context.db, viewer, new URL(request.url).searchParams.get("after"));
  return { log };
}

function actionLabel(t: T, action: string): string {
  const key = `admin.audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

function roleLabel(t: T, kind: "cluster" | "org", role: unknown): string {
  const key = `role.${kind}.${String(role)}`;
  return isMessageKey(key) ? t(key) : String(role);
}

function Details({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const d = entry.details;
  if (entry.action === "role.changed" || entry.action === "org_role.changed") {
    const kind = entry.action === "role.changed" ? "cluster" : "org";
    return <>{t("admin.audit.change", { from: roleLabel(t, kind, d.from), to: roleLabel(t, kind, d.to) })}</>;
  }
  const pairs = Object.entries(d).filter(([k]) => k !== "name");
  if (pairs.length === 0) return null;
  return (
    <dl className="audit-details">
      {pairs.map(([k, v]) => (
        <div key={k}>
          <dt>{isMessageKey(`admin.audit.detail.${k}`) ? t(`admin.audit.detail.${k}` as MessageKey) : k}</dt>
          <dd>{typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Target({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const typeKey = `admin.audit.target.${entry.targetType}`;
  const type = isMessageKey(typeKey) ? t(typeKey) : entry.targetType;
  // The name when the target still exists, else the name recorded at the time.
  const recorded = typeof entry.details.name === "string" ? entry.details.name : null;
  const name = entry.targetName ?? recorded;
  return (
    <>
      <span className="muted">{type}: </span>
      {name ?? entry.targetId ?? "—"}
      {!entry.targetName && entry.targetId && (entry.targetType === "person" || entry.targetType === "organisation") ? <span className="muted"> {t("admin.audit.gone")}</span> : null}
    </>
  );
}

export default function AdminAudit() {
  const t = useT();
  const { log } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      <p>
        {t("admin.audit.intro")} <span className="muted">{t("admin.timeNote")}</span>
      </p>
      {log.items.length === 0 ? (
        <p>{t("admin.audit.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.col.time")}</th>
                <th scope="col">{t("admin.audit.col.actor")}</th>
                <th scope="col">{t("admin.audit.col.action")}</th>
                <th scope="col">{t("admin.audit.col.target")}</th>
                <th scope="col">{t("admin.audit.col.details")}</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <DateTime iso={e.createdAt} />
                  </td>
                  <td>{e.actor ? e.actor.name : <span className="muted">{t("admin.audit.system")}</span>}</td>
                  <td>{actionLabel(t, e.action)}</td>
                  <td>
                    <Target entry={e} />
                  </td>
                  <td>
                    <Details entry={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager next={log.next} />
    </>
  );
}
