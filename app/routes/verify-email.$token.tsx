import { pageTitle } from "~/i18n/meta";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { confirmEmailToken, peekEmailToken } from "~/modules/auth/accounts.server";

// A GET never changes anything (mail scanners follow links): the page shows a button that POSTs.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.verifyEmail");

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = await peekEmailToken(context.db, params.token ?? "");
  if (!token) return { valid: false as const, email: "" };
  return { valid: true as const, email: token.purpose === "change_email" ? (token.new_email ?? "") : token.email };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const result = await confirmEmailToken(context, params.token ?? "");
  return { result };
}

export default function VerifyEmail() {
  const t = useT();
  const { valid, email } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  if (done) {
    return (
      <section className="auth-card">
        {done.result === "invalid" ? (
          <p role="alert">{t("auth.token.invalid")}</p>
        ) : (
          <>
            <h1>{t("auth.verify.title")}</h1>
            <p role="status">{t("auth.verify.body")}</p>
          </>
        )}
        <p>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="auth-card">
      <h1>{t("auth.verify.confirm")}</h1>
      {valid ? (
        <>
          <p>{t("auth.verify.prompt", { email })}</p>
          <Form noValidate method="post">
            <button type="submit" className="button">
              {t("auth.verify.confirm")}
            </button>
          </Form>
        </>
      ) : (
        <p role="alert">{t("auth.token.invalid")}</p>
      )}
    </section>
  );
}
