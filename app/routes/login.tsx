import { data, type HeadersFunction, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { Field, FormError, Notice } from "~/components/forms";
import { getViewer, readSessionId } from "~/modules/auth/session.server";
import { login } from "~/modules/auth/accounts.server";
import { safeRedirect } from "~/modules/auth/redirect";
import { readForm } from "~/modules/forms";

export const meta: MetaFunction = () => [{ title: "Pieslēgties · Log in" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getViewer(request, context)) throw redirect(redirectTo);
  return { redirectTo };
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
  const parsed = Schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "auth.login.failed", email: String(form.get("email") ?? ""), seconds: 0 }, { status: 400 });
  const { email, password } = parsed.data;
  const result = await login(context, {
    email,
    password,
    ip: context.clientIp,
    request,
    previousSessionId: await readSessionId(request, context.config),
  });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      return data(
        { error: "error.429.body", seconds: result.retryAfterSeconds, email },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data({ error: "auth.login.failed", email, seconds: 0 }, { status: 400 });
  }
  const to = result.active ? safeRedirect(parsed.data.redirectTo) : "/pending";
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const t = useT();
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="auth-card">
      <h1>{t("auth.login.title")}</h1>
      {params.get("loggedOut") ? <Notice>{t("auth.logout.done")}</Notice> : null}
      {params.get("reset") ? <Notice>{t("auth.reset.done")}</Notice> : null}
      <FormError code={result?.error} vars={{ seconds: Number((result as { seconds?: number } | undefined)?.seconds ?? 0) }} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="username" required defaultValue={result?.email} inputMode="email" />
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
