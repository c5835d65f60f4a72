import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Notice } from "~/components/forms";
import { requireViewer } from "~/modules/auth/guards.server";
import { isActiveMember } from "~/modules/policy/facts";
import { resendVerification } from "~/modules/auth/accounts.server";
import { hit } from "~/modules/auth/rate-limit.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.pending");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  if (isActiveMember(viewer)) throw redirect("/");
  const rejected = viewer.membershipStatus === "rejected" || viewer.orgStatus === "rejected";
  return { org: viewer.orgName, emailVerified: viewer.emailVerified, rejected };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const r = await hit(context.db, `resend-verify:${viewer.id}`, 5, 3600);
  if (r.ok) await resendVerification(context, viewer.id);
  return { resent: true };
}

export default function Pending() {
  const t = useT();
  const { org, emailVerified, rejected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (rejected) {
    return (
      <section className="auth-card">
        <h1>{t("approvals.rejected.title")}</h1>
        <p>{t("approvals.rejected.body", { org })}</p>
      </section>
    );
  }
  return (
    <section className="auth-card">
      <h1>{t("pending.title")}</h1>
      <p>{t("pending.body", { org })}</p>
      {!emailVerified ? (
        <>
          <p>{t("pending.verify")}</p>
          {result?.resent ? <Notice>{t("pending.resent")}</Notice> : null}
          <Form noValidate method="post">
            <button type="submit" className="button secondary">
              {t("pending.resend")}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
