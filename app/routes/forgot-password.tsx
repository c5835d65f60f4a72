import { pageTitle } from "~/i18n/meta";
import { type HeadersFunction, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Field, FormError, Notice, useActionError } from "~/components/forms";
import { requestPasswordReset } from "~/modules/auth/accounts.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { resolveLocale } from "~/modules/i18n/locale.server";

// Carries Retry-After from the action to the document response.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 8 * 1024);
  const email = String(form.get("email") ?? "").slice(0, 254);
  const locale = await resolveLocale(request, null);
  const r = await requestPasswordReset(context, email, context.clientIp, locale);
  if (r.rateLimited) return actionError(new ActionError(429, "error.429.body", { seconds: r.retryAfterSeconds }));
  // The same answer whether or not the address has an account (SEC-4).
  return { sent: true };
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.forgotPassword");

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const { error } = useActionError();
  return (
    <section className="auth-card">
      <h1>{t("auth.reset.request.title")}</h1>
      {result && !error ? (
        <Notice>{t("auth.reset.request.sent")}</Notice>
      ) : (
        <>
          <FormError error={error} />
          <p>{t("auth.reset.request.body")}</p>
          <Form noValidate method="post">
            <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required inputMode="email" />
            <button type="submit" className="button">
              {t("auth.reset.request.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
