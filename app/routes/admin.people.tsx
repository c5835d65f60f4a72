import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useT, useViewer } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { Pager, RoleForm } from "~/components/admin-ui";
import type { MessageKey } from "~/i18n";
import { isUuid } from "~/lib/ids";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { ActionError } from "~/modules/errors";
import { parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { listPeople, setClusterRole, setOrgRole } from "~/modules/orgs/roles.server";
import { CLUSTER_ROLES, ORG_ROLES, PEOPLE_STATUSES, type ApprovalStatus } from "~/modules/orgs/roles";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.admin.people")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "role.assign" });
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const statusParam = url.searchParams.get("status");
  const status: ApprovalStatus = PEOPLE_STATUSES.includes(statusParam as ApprovalStatus) ? (statusParam as ApprovalStatus) : "approved";
  const people = await listPeople(context.db, viewer, { q, status, after: url.searchParams.get("after") });
  return { q, status, people };
}

const personId = z.string({ message: "admin.error.badRequest" }).refine(isUuid, "admin.error.badRequest");
const Schema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("clusterRole"), personId, role: z.enum(["admin", "organiser", "member"], { message: "admin.error.roleInvalid" }) }),
    z.object({ intent: z.literal("orgRole"), personId, role: z.enum(["admin", "member"], { message: "admin.error.roleInvalid" }) }),
  ],
  { errorMap: () => ({ message: "admin.error.badRequest" }) },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "role.assign" });
  const form = await readForm(request, 8 * 1024);
  const parsed = parseForm(form, Schema);
  // The role selects have no message of their own: the refusal is shown above the table.
  if (!parsed.ok) return actionError(new ActionError(400, parsed.error.fields.role ?? parsed.error.key));
  const v = parsed.data;
  try {
    const result = v.intent === "clusterRole" ? await setClusterRole(context, viewer, v.personId, v.role) : await setOrgRole(context, viewer, v.personId, v.role);
    // Someone who just gave up their own administrator role may no longer see this page.
    if (result.changed && v.personId === viewer.id && v.role !== "admin") throw redirect("/");
    const notice: MessageKey = !result.changed ? "admin.saved.unchanged" : v.intent === "clusterRole" ? "admin.saved.clusterRole" : "admin.saved.orgRole";
    return { notice };
  } catch (err) {
    return actionError(err);
  }
}

export default function AdminPeople() {
  const t = useT();
  const me = useViewer();
  const { q, status, people } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const clusterOptions = CLUSTER_ROLES.map((r) => ({ value: r, label: t(`role.cluster.${r}`) }));
  const orgOptions = ORG_ROLES.map((r) => ({ value: r, label: t(`role.org.${r}`) }));
  return (
    <>
      <h1>{t("admin.people.title")}</h1>
      {result && "notice" in result ? <Notice>{t(result.notice)}</Notice> : null}
      <FormError error={error} />
      <Form noValidate method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="f-q">{t("admin.people.search")}</label>
          <input id="f-q" type="search" name="q" defaultValue={q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("admin.people.status")}</label>
          <select id="f-status" name="status" defaultValue={status}>
            {PEOPLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.people.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("common.search")}
        </button>
      </Form>
      {status !== "approved" ? (
        <p className="muted">
          <Link to="/approvals">{t("admin.people.pendingHint")}</Link>
        </p>
      ) : null}
      {people.items.length === 0 ? (
        <p>{params.get("q") ? t("admin.people.none") : t("common.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.people.col.name")}</th>
                <th scope="col">{t("admin.people.col.org")}</th>
                <th scope="col">{t("admin.people.col.clusterRole")}</th>
                <th scope="col">{t("admin.people.col.orgRole")}</th>
              </tr>
            </thead>
            <tbody>
              {people.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <strong>{p.name}</strong> {p.id === me?.id ? <span className="muted">{t("admin.you")}</span> : null}
                    <br />
                    <span className="muted">{p.email}</span>
                    {!p.emailVerified ? <span className="badge status-queued">{t("admin.people.emailUnverified")}</span> : null}
                  </td>
                  <td>{p.orgName}</td>
                  <td>
                    {p.status === "approved" ? (
                      <RoleForm intent="clusterRole" personId={p.id} value={p.clusterRole} options={clusterOptions} label={t("admin.people.clusterRoleFor", { name: p.name })} busy={busy} />
                    ) : (
                      t(`role.cluster.${p.clusterRole}`)
                    )}
                  </td>
                  <td>
                    {p.status === "approved" ? (
                      <RoleForm intent="orgRole" personId={p.id} value={p.orgRole} options={orgOptions} label={t("admin.people.orgRoleFor", { name: p.name })} busy={busy} />
                    ) : (
                      t(`role.org.${p.orgRole}`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager next={people.next} />
    </>
  );
}
