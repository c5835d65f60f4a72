import { pageTitle } from "~/i18n/meta";
import { type HeadersFunction, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { Field, FormError, Notice, useActionError } from "~/components/forms";
import { getViewer, readSessionId } from "~/modules/auth/session.server";
import { login } from "~/modules/auth/accounts.server";
import { loginReason, safeRedirect } from "~/modules/auth/redirect";
import { ActionError } from "~/modules/errors";
import { parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.login")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getViewer(request, context)) throw redirect(redirectTo);
  // Why the person is here, from the page they tried to reach (only the path travels in the URL, never free text).
  const reason = url.searchParams.has("redirectTo") ? loginReason(redirectTo) : null;
  return { redirectTo, reason };
}

const Schema = z.object({
  email: z.string().trim().min(1, "auth.error.emailInvalid").max(254, "auth.error.emailInvalid"),
  password: z.string().min(1, "auth.login.failed").max(1024, "auth.login.failed"),
  redirectTo: z.string().optional(),
});

// Carries Retry-After from the action to the document response.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 16 * 1024);
  const values = { email: String(form.get("email") ?? "").slice(0, 254) }; // only the address is shown again
  // One answer for every failure (malformed, unknown, wrong password): the form does not say which.
  const parsed = parseForm(form, Schema);
  if (!parsed.ok) return actionError(new ActionError(400, "auth.login.failed"), { values });
  const { email, password } = parsed.data;
  const result = await login(context, {
    email,
    password,
    ip: context.clientIp,
    request,
    previousSessionId: await readSessionId(request, context.config),
  });
  if (!result.ok) {
    const refusal = result.reason === "rate_limited" ? new ActionError(429, "error.429.body", { seconds: result.retryAfterSeconds }) : new ActionError(400, "auth.login.failed");
    return actionError(refusal, { values });
  }
  const to = result.active ? safeRedirect(parsed.data.redirectTo) : "/pending";
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const t = useT();
  const { redirectTo, reason } = useLoaderData<typeof loader>();
  const { error, value } = useActionError();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="auth-card">
      <h1>{t("auth.login.title")}</h1>
      {reason ? <Notice>{t(reason)}</Notice> : null}
      {params.get("loggedOut") ? <Notice>{t("auth.logout.done")}</Notice> : null}
      {params.get("reset") ? <Notice>{t("auth.reset.done")}</Notice> : null}
      <FormError error={error} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="username" required defaultValue={value("email")} inputMode="email" />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t("auth.login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("auth.login.forgot")}</Link>
      </p>
      <p>
        {t("auth.login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
