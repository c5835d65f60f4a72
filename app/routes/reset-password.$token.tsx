import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Field } from "~/components/forms";
import { resetPassword, resetPasswordHolder, resetPasswordTokenValid } from "~/modules/auth/accounts.server";
import { passwordProblem } from "~/modules/auth/password.server";
import { readForm } from "~/modules/forms";
import { destroySessionCookie } from "~/modules/auth/session.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  return { valid: await resetPasswordTokenValid(context.db, params.token ?? "") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request, 8 * 1024);
  const password = String(form.get("password") ?? "");
  const confirm = String(form.get("confirm") ?? "");
  const holder = await resetPasswordHolder(context.db, params.token ?? "");
  if (!holder) return data({ errors: { _form: "auth.token.invalid" } as Record<string, string> }, { status: 400 });
  const problem = passwordProblem(password, holder);
  if (problem) return data({ errors: { password: problem } as Record<string, string> }, { status: 400 });
  if (password !== confirm) return data({ errors: { confirm: "auth.error.passwordMismatch" } as Record<string, string> }, { status: 400 });
  const ok = await resetPassword(context, params.token ?? "", password);
  if (!ok) return data({ errors: { _form: "auth.token.invalid" } as Record<string, string> }, { status: 400 });
  return redirect("/login?reset=1", { headers: { "Set-Cookie": await destroySessionCookie(context.config) } });
}

export default function ResetPassword() {
  const t = useT();
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  if (!valid || errors._form) {
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
        <Field name="password" type="password" label={t("auth.newPassword")} autoComplete="new-password" required hint={t("auth.password.hint")} error={errors.password} />
        <Field name="confirm" type="password" label={t("auth.confirmPassword")} autoComplete="new-password" required error={errors.confirm} />
        <button type="submit" className="button">
          {t("auth.reset.submit")}
        </button>
      </Form>
    </section>
  );
}
