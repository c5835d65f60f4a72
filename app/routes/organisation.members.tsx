import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
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
import { listPeople, setOrgRole } from "~/modules/orgs/roles.server";
import { ORG_ROLES } from "~/modules/orgs/roles";

// An organisation's admins manage who else administers their organisation (cluster admins do it in /admin/people).
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.organisation.members")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "orgRole.assign", orgId: viewer.orgId });
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const people = await listPeople(context.db, viewer, { q, orgId: viewer.orgId, after: url.searchParams.get("after") });
  return { org: viewer.orgName, q, people };
}

const Schema = z.object({
  intent: z.literal("orgRole", { errorMap: () => ({ message: "admin.error.badRequest" }) }),
  personId: z.string({ message: "admin.error.badRequest" }).refine(isUuid, "admin.error.badRequest"),
  role: z.enum(["admin", "member"], { message: "admin.error.roleInvalid" }),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "orgRole.assign", orgId: viewer.orgId });
  const form = await readForm(request, 8 * 1024);
  const parsed = parseForm(form, Schema);
  // The role selects have no message of their own: the refusal is shown above the table.
  if (!parsed.ok) return actionError(new ActionError(400, parsed.error.fields.role ?? parsed.error.key));
  try {
    // setOrgRole looks the person up inside the viewer's own organisation: anyone else is 404.
    const result = await setOrgRole(context, viewer, parsed.data.personId, parsed.data.role);
    // An org admin who just stepped down may no longer see this page.
    if (result.changed && parsed.data.personId === viewer.id && parsed.data.role !== "admin") throw redirect("/");
    return { notice: (result.changed ? "admin.saved.orgRole" : "admin.saved.unchanged") as MessageKey };
  } catch (err) {
    return actionError(err);
  }
}

export default function OrganisationMembers() {
  const t = useT();
  const me = useViewer();
  const { org, q, people } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  const options = ORG_ROLES.map((r) => ({ value: r, label: t(`role.org.${r}`) }));
  return (
    <section className="page">
      <h1>{t("orgMembers.title", { org })}</h1>
      <p>{t("orgMembers.intro")}</p>
      {result && "notice" in result ? <Notice>{t(result.notice)}</Notice> : null}
      <FormError error={error} />
      <Form noValidate method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="f-q">{t("admin.people.search")}</label>
          <input id="f-q" type="search" name="q" defaultValue={q} maxLength={100} />
        </div>
        <button type="submit" className="button secondary">
          {t("common.search")}
        </button>
      </Form>
      {people.items.length === 0 ? (
        <p>{t("admin.people.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.people.col.name")}</th>
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
                  </td>
                  <td>
                    <RoleForm intent="orgRole" personId={p.id} value={p.orgRole} options={options} label={t("admin.people.orgRoleFor", { name: p.name })} busy={busy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager next={people.next} />
    </section>
  );
}
