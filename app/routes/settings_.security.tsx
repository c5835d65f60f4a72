import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { SettingsPage } from "~/components/settings-nav";
import { Field, FormError, Notice, useActionError } from "~/components/forms";
import { formatDateTime } from "~/i18n/format";
import { changePassword, normaliseEmail, requestEmailChange } from "~/modules/auth/accounts.server";
import { requireViewer } from "~/modules/auth/guards.server";
import { destroySessionCookie } from "~/modules/auth/session.server";
import type { Viewer } from "~/modules/policy/facts";
import { ActionError } from "~/modules/errors";
import { parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import type { AppContext } from "~/context";
import { EmailChangeSchema, listSessions, passwordChangeSchema, reauthAttempt, reauthSucceeded, revokeSession } from "~/modules/people/profile.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.settings.security")];

// Carries Retry-After from the action to the document response.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const sessions = await listSessions(context.db, viewer.id, viewer.sessionHash);
  return { email: viewer.email, sessions };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await readForm(request, 16 * 1024);
  const intent = String(form.get("intent") ?? "");
  try {
    return await act(intent, form, viewer, context);
  } catch (err) {
    return actionError(err, { intent });
  }
}

async function act(intent: string, form: FormData, viewer: Viewer, context: AppContext) {
  // Re-entering the password is a guess like a login: limited per person, so a stolen session cannot brute-force it.
  // Each attempt is counted before it is verified; a correct password clears the count.
  const limit = async () => {
    const allowed = await reauthAttempt(context.db, viewer.id);
    if (!allowed.ok) throw new ActionError(429, "error.429.body", { seconds: allowed.retryAfterSeconds });
  };

  if (intent === "password") {
    const parsed = parseForm(form, passwordChangeSchema({ name: viewer.name, email: viewer.email, organisation: viewer.orgName }));
    if (!parsed.ok) throw parsed.error;
    await limit();
    const r = await changePassword(context, viewer, parsed.data.current, parsed.data.next);
    if (r === "wrong_current") throw new ActionError(400, "auth.error.currentPassword", {}, "current");
    await reauthSucceeded(context.db, viewer.id);
    return redirect("/settings/security?done=password");
  }

  if (intent === "email") {
    const parsed = parseForm(form, EmailChangeSchema);
    if (!parsed.ok) throw parsed.error;
    if (normaliseEmail(parsed.data.newEmail) === normaliseEmail(viewer.email)) throw new ActionError(400, "settings.error.emailSame", {}, "newEmail");
    await limit();
    const r = await requestEmailChange(context, viewer, parsed.data.newEmail, parsed.data.password);
    if (r === "wrong_password") throw new ActionError(400, "auth.error.currentPassword", {}, "password");
    await reauthSucceeded(context.db, viewer.id);
    if (r === "taken") throw new ActionError(400, "settings.error.emailTaken", {}, "newEmail");
    return redirect("/settings/security?done=email");
  }

  if (intent === "revoke") {
    const idHash = String(form.get("session") ?? "");
    const ended = await revokeSession(context, viewer.id, idHash);
    if (!ended) throw new ActionError(404, "settings.sessions.notFound");
    if (idHash === viewer.sessionHash) {
      return redirect("/login?loggedOut=1", {
        headers: { "Set-Cookie": await destroySessionCookie(context.config) },
      });
    }
    return redirect("/settings/security?done=revoked");
  }

  throw new Response("Unknown form", { status: 400 });
}

function deviceName(t: ReturnType<typeof useT>, s: { device: { browser: string; os: string } | null; userAgent: string }): string {
  if (s.device) return t("settings.sessions.deviceName", s.device);
  return s.userAgent || t("settings.sessions.unknownDevice");
}

export default function SettingsSecurity() {
  const t = useT();
  const locale = useLocale();
  const { email, sessions } = useLoaderData<typeof loader>();
  const { error, intent } = useActionError();
  const [params] = useSearchParams();
  // A new key after every navigation (also the redirect after a successful save) clears what was typed, passwords included.
  const formKey = useLocation().key;
  const navigation = useNavigation();
  const submitting = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const done = error ? null : params.get("done");
  const errorFor = (form: string) => (intent === form ? error : null);
  const pw = errorFor("password");
  const em = errorFor("email");
  const rv = errorFor("revoke");

  return (
    <SettingsPage>
      <h2 id="password">{t("settings.password.title")}</h2>
      {done === "password" ? <Notice>{t("settings.password.done")}</Notice> : null}
      <FormError error={pw} />
      <Form key={formKey} method="post" noValidate className="settings-form" aria-labelledby="password">
        <input type="hidden" name="intent" value="password" />
        {/* Lets password managers store the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <p className="muted">{t("settings.password.note")}</p>
        <Field name="current" type="password" label={t("auth.currentPassword")} autoComplete="current-password" required errors={pw} />
        <Field name="next" type="password" label={t("auth.newPassword")} autoComplete="new-password" required hint={t("auth.password.hint")} errors={pw} />
        <Field name="repeat" type="password" label={t("auth.confirmPassword")} autoComplete="new-password" required errors={pw} />
        <button type="submit" className="button" disabled={submitting("password")}>
          {t("settings.password.submit")}
        </button>
      </Form>

      <h2 id="email">{t("settings.email.title")}</h2>
      {done === "email" ? <Notice>{t("settings.email.sent")}</Notice> : null}
      <FormError error={em} />
      <Form key={formKey} method="post" noValidate className="settings-form" aria-labelledby="email">
        <input type="hidden" name="intent" value="email" />
        <p>{t("settings.email.current", { email })}</p>
        <p className="muted">{t("settings.email.note")}</p>
        <Field name="newEmail" type="email" label={t("settings.email.new")} autoComplete="email" inputMode="email" required errors={em} maxLength={254} />
        <Field name="password" type="password" label={t("auth.currentPassword")} autoComplete="current-password" required errors={em} />
        <button type="submit" className="button" disabled={submitting("email")}>
          {t("settings.email.submit")}
        </button>
      </Form>

      <h2 id="sessions">{t("settings.sessions.title")}</h2>
      {done === "revoked" ? <Notice>{t("settings.sessions.revoked")}</Notice> : null}
      <FormError error={rv} />
      <p className="muted">{t("settings.sessions.intro")}</p>
      <div className="table-wrap">
        <table aria-labelledby="sessions">
          <thead>
            <tr>
              <th scope="col">{t("settings.sessions.device")}</th>
              <th scope="col">{t("settings.sessions.ip")}</th>
              <th scope="col">{t("settings.sessions.started")}</th>
              <th scope="col">{t("settings.sessions.lastSeen")}</th>
              <th scope="col">{t("settings.sessions.action")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => {
              const name = deviceName(t, s);
              const lastSeen = formatDateTime(s.lastSeenAt, locale);
              return (
                <tr key={s.idHash}>
                  <td>
                    <span title={s.userAgent}>{name}</span> {s.current ? <span className="badge">{t("settings.sessions.current")}</span> : null}
                  </td>
                  <td>{s.ip}</td>
                  <td>{formatDateTime(s.createdAt, locale)}</td>
                  <td>{lastSeen}</td>
                  <td>
                    {s.current ? null : (
                      <Form noValidate method="post" className="inline">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="session" value={s.idHash} />
                        <button
                          type="submit"
                          className="button small secondary"
                          aria-label={t("settings.sessions.revokeLabel", {
                            device: name,
                            time: lastSeen,
                          })}
                        >
                          {t("settings.sessions.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Form noValidate method="post" action="/logout" className="everywhere">
        <input type="hidden" name="everywhere" value="1" />
        <button type="submit" className="button danger" aria-describedby="everywhere-hint">
          {t("auth.logout.everywhere")}
        </button>
        <p className="hint" id="everywhere-hint">
          {t("settings.sessions.everywhere.hint")}
        </p>
      </Form>
    </SettingsPage>
  );
}
