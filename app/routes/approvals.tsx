import { pageTitle } from "~/i18n/meta";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { DateTime, Pager } from "~/components/admin-ui";
import type { MessageKey } from "~/i18n";
import { isUuid } from "~/lib/ids";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { approvalScope, decideOrganisation, decidePerson, listPendingOrganisations, listPendingPeople } from "~/modules/orgs/approvals.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.approvals")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const scope = approvalScope(viewer); // 403 unless cluster admin or org admin
  const url = new URL(request.url);
  const clusterWide = scope.orgId === null;
  const orgs = clusterWide ? await listPendingOrganisations(context.db, viewer, url.searchParams.get("orgsAfter")) : null;
  const people = await listPendingPeople(context.db, viewer, url.searchParams.get("after"));
  return { clusterWide, orgName: viewer.orgName, orgAdmin: viewer.orgRole === "admin", orgs, people };
}

const Schema = z.object({
  intent: z.enum(["approveOrg", "rejectOrg", "approvePerson", "rejectPerson"], { message: "admin.error.badRequest" }),
  id: z.string({ message: "admin.error.badRequest" }).refine(isUuid, "admin.error.badRequest"),
});

const NOTICE: Record<z.infer<typeof Schema>["intent"], MessageKey> = {
  approveOrg: "approvals.done.orgApproved",
  rejectOrg: "approvals.done.orgRejected",
  approvePerson: "approvals.done.personApproved",
  rejectPerson: "approvals.done.personRejected",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  approvalScope(viewer);
  const form = await readForm(request, 8 * 1024);
  const parsed = parseForm(form, Schema);
  if (!parsed.ok) return actionError(new ActionError(400, parsed.error.key));
  const { intent, id } = parsed.data;
  try {
    const result =
      intent === "approveOrg" || intent === "rejectOrg"
        ? await decideOrganisation(context, viewer, id, intent === "approveOrg" ? "approve" : "reject")
        : await decidePerson(context, viewer, id, intent === "approvePerson" ? "approve" : "reject");
    return { notice: result === "done" ? NOTICE[intent] : ("approvals.done.unchanged" as MessageKey) };
  } catch (err) {
    return actionError(err);
  }
}

function DecisionButtons({ id, kind, describedBy, busy }: { id: string; kind: "Org" | "Person"; describedBy: string; busy: boolean }) {
  const t = useT();
  return (
    <Form noValidate method="post" className="button-row" preventScrollReset>
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="intent" value={`approve${kind}`} className="button small" aria-describedby={describedBy} disabled={busy}>
        {t("approvals.approve")}
      </button>
      <button type="submit" name="intent" value={`reject${kind}`} className="button small danger" aria-describedby={describedBy} disabled={busy}>
        {t("approvals.reject")}
      </button>
    </Form>
  );
}

export default function Approvals() {
  const t = useT();
  const { clusterWide, orgName, orgAdmin, orgs, people } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="page">
      <h1>{t("approvals.title")}</h1>
      <p>{clusterWide ? t("approvals.intro.admin") : t("approvals.intro.orgAdmin", { org: orgName })}</p>
      {result && "notice" in result ? <Notice>{t(result.notice)}</Notice> : null}
      <FormError error={error} />

      {orgs ? (
        <section aria-labelledby="pending-orgs">
          <h2 id="pending-orgs">{t("approvals.orgs.title")}</h2>
          <p className="muted">{t("approvals.orgs.hint")}</p>
          {orgs.items.length === 0 ? (
            <p>{t("approvals.orgs.none")}</p>
          ) : (
            <ul className="list approvals">
              {orgs.items.map((o) => (
                <li key={o.id}>
                  <h3 id={`org-${o.id}`}>{o.name}</h3>
                  <p>
                    <span className="tag">{t(`org.type.${o.legalType}` as MessageKey)}</span>
                    <span className="tag">{t(`org.size.${o.size}` as MessageKey)}</span>
                    {o.city ? <span className="muted"> {o.city}</span> : null}
                  </p>
                  <p>
                    {o.proposer ? t("approvals.orgs.proposer", { name: o.proposer.name, email: o.proposer.email }) : t("approvals.orgs.noProposer")}
                    {o.proposer && !o.proposer.emailVerified ? <span className="badge status-queued">{t("approvals.emailUnverified")}</span> : null}
                  </p>
                  <p className="muted">
                    {t("approvals.signedUp")} <DateTime iso={o.createdAt} />
                  </p>
                  <DecisionButtons id={o.id} kind="Org" describedBy={`org-${o.id}`} busy={busy} />
                </li>
              ))}
            </ul>
          )}
          <Pager next={orgs.next} param="orgsAfter" />
        </section>
      ) : null}

      <section aria-labelledby="pending-people">
        <h2 id="pending-people">{t("approvals.people.title")}</h2>
        {people.items.length === 0 ? (
          <p>{t("approvals.people.none")}</p>
        ) : (
          <ul className="list approvals">
            {people.items.map((p) => (
              <li key={p.id}>
                <h3 id={`person-${p.id}`}>{p.name}</h3>
                <p>
                  {p.email}
                  {p.jobTitle ? <span className="muted"> · {p.jobTitle}</span> : null}
                  {clusterWide ? <span> · {p.orgName}</span> : null}
                  {!p.emailVerified ? <span className="badge status-queued">{t("approvals.emailUnverified")}</span> : null}
                </p>
                <p className="muted">
                  {t("approvals.signedUp")} <DateTime iso={p.createdAt} />
                </p>
                <DecisionButtons id={p.id} kind="Person" describedBy={`person-${p.id}`} busy={busy} />
              </li>
            ))}
          </ul>
        )}
        <Pager next={people.next} />
      </section>
      {orgAdmin ? (
        <p>
          <Link to="/organisation/members">{t("orgMembers.link")}</Link>
        </p>
      ) : null}
    </section>
  );
}
