import { data, type HeadersFunction, type ActionFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Field, FormError, Notice } from "~/components/forms";
import { requestPasswordReset } from "~/modules/auth/accounts.server";
import { readForm } from "~/modules/forms";
import { resolveLocale } from "~/modules/i18n/locale.server";

// Carries Retry-After from the action to the document response.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 8 * 1024);
  const email = String(form.get("email") ?? "").slice(0, 254);
  const locale = await resolveLocale(request, null);
  const r = await requestPasswordReset(context, email, context.clientIp, locale);
  if (r.rateLimited) {
    return data({ sent: false, error: "error.429.body", seconds: r.retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(r.retryAfterSeconds) } });
  }
  // The same answer whether or not the address has an account (SEC-4).
  return { sent: true, error: undefined, seconds: 0 };
}

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  return (
    <section className="auth-card">
      <h1>{t("auth.reset.request.title")}</h1>
      {result?.sent ? (
        <Notice>{t("auth.reset.request.sent")}</Notice>
      ) : (
        <>
          <FormError code={result?.error} vars={{ seconds: result?.seconds ?? 0 }} />
          <p>{t("auth.reset.request.body")}</p>
          <Form method="post">
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
