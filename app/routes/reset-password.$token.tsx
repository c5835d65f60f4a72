import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Field, useActionError } from "~/components/forms";
import { resetPassword, resetPasswordHolder, resetPasswordTokenValid } from "~/modules/auth/accounts.server";
import { passwordProblem } from "~/modules/auth/password.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { destroySessionCookie } from "~/modules/auth/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.resetPassword");

export async function loader({ params, context }: LoaderFunctionArgs) {
  return { valid: await resetPasswordTokenValid(context.db, params.token ?? "") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request, 8 * 1024);
  const password = String(form.get("password") ?? "");
  const confirm = String(form.get("confirm") ?? "");
  const holder = await resetPasswordHolder(context.db, params.token ?? "");
  if (!holder) return actionError(new ActionError(400, "auth.token.invalid"));
  const problem = passwordProblem(password, holder);
  if (problem) return actionError(new ActionError(400, problem, {}, "password"));
  if (password !== confirm) return actionError(new ActionError(400, "auth.error.passwordMismatch", {}, "confirm"));
  const ok = await resetPassword(context, params.token ?? "", password);
  if (!ok) return actionError(new ActionError(400, "auth.token.invalid"));
  return redirect("/login?reset=1", { headers: { "Set-Cookie": await destroySessionCookie(context.config) } });
}

export default function ResetPassword() {
  const t = useT();
  const { valid } = useLoaderData<typeof loader>();
  const { error } = useActionError();
  if (!valid || error?.key === "auth.token.invalid") {
    return (
      <section className="auth-card">
        <h1>{t("auth.reset.title")}</h1>
        <p role="alert">{t("auth.token.invalid")}</p>
        <p>
          <Link to="/forgot-password">{t("auth.login.forgot")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="auth-card">
      <h1>{t("auth.reset.title")}</h1>
      <Form method="post" noValidate>
        <Field name="password" type="password" label={t("auth.newPassword")} autoComplete="new-password" required hint={t("auth.password.hint")} errors={error} />
        <Field name="confirm" type="password" label={t("auth.confirmPassword")} autoComplete="new-password" required errors={error} />
        <button type="submit" className="button">
          {t("auth.reset.submit")}
        </button>
      </Form>
    </section>
  );
}
