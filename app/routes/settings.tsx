import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { SettingsPage } from "~/components/settings-nav";
import { Field, FormError, Notice, fieldProblem, useActionError, useErrorText, type FormValues } from "~/components/forms";
import { requireMember, requireViewer } from "~/modules/auth/guards.server";
import { isActiveMember } from "~/modules/policy/facts";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { langCookie } from "~/modules/i18n/locale.server";
import { JOB_TITLE_MAX, NAME_MAX, PROFILE_LANGUAGES, TAGS_MAX } from "~/modules/people/constants";
import { listTerms } from "~/modules/vocabulary/vocabulary.server";
import { TermChoice, termChoiceValues } from "~/components/vocabulary";
import { getOwnProfile, PreferencesSchema, ProfileSchema, updatePreferences, updateProfile } from "~/modules/people/profile.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.settings")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const member = isActiveMember(viewer);
  const [profile, expertiseTerms] = await Promise.all([getOwnProfile(context.db, viewer.id), member ? listTerms(context.db, "expertise") : Promise.resolve([])]);
  return { member, profile, expertiseTerms };
}

// Built on the server only: the schemas come from a .server module, which the browser bundle does not have (a
// module-level use here would run in the browser and stop the page from hydrating).
const settingsSchema = () => z.discriminatedUnion("intent", [ProfileSchema.extend({ intent: z.literal("profile") }), PreferencesSchema.extend({ intent: z.literal("preferences") })]);

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await readForm(request, 32 * 1024);
  const { intent: _intent, ...values } = formObject(form);
  // The profile is visible in the member directory: only active members edit it.
  if (form.get("intent") === "profile") await requireMember(request, context);
  const parsed = parseForm(form, settingsSchema());
  if (!parsed.ok) return actionError(parsed.error, { values });
  const v = parsed.data;
  try {
    if (v.intent === "profile") await updateProfile(context, viewer.id, v);
    else await updatePreferences(context.db, viewer.id, v);
  } catch (err) {
    return actionError(err, { values });
  }
  // The cookie keeps the language after logout; the redirect renders the next page in it.
  return redirect("/settings?saved=1", {
    headers: { "Set-Cookie": await langCookie.serialize(v.locale) },
  });
}

function str(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export default function SettingsProfile() {
  const t = useT();
  const err = useErrorText();
  const { member, profile, expertiseTerms } = useLoaderData<typeof loader>();
  const { error, values } = useActionError();
  const [params] = useSearchParams();
  // A new key after every navigation (also the redirect after a successful save) clears what was typed, passwords included.
  const formKey = useLocation().key;
  const busy = useNavigation().state === "submitting";
  const failed: FormValues | null = error ? values : null;
  const localeError = fieldProblem(error, "locale");
  const languagesError = fieldProblem(error, "languages");

  // After a failed submit the form shows what was sent; otherwise what is stored.
  const v = {
    name: failed ? str(failed.name) : profile.name,
    jobTitle: failed ? str(failed.jobTitle) : profile.jobTitle,
    jobTitleEn: failed ? str(failed.jobTitleEn) : profile.jobTitleEn,
    languages: failed ? list(failed.languages) : profile.languages,
    expertise: termChoiceValues(
      "expertise",
      profile.expertiseTags.map((x) => x.key),
      failed,
    ),
    phone: failed ? str(failed.phone) : (profile.phone ?? ""),
    showEmail: failed ? str(failed.showEmail) === "1" : profile.showEmail,
    notifyEmail: failed ? str(failed.notifyEmail) === "1" : profile.notifyEmail,
    locale: failed ? str(failed.locale) : profile.locale,
  };

  const preferences = (
    <fieldset>
      <legend>{t("settings.prefs.title")}</legend>
      <fieldset className={`choice${localeError ? " has-error" : ""}`} aria-describedby={localeError ? "f-locale-error" : undefined}>
        <legend>{t("settings.prefs.locale")}</legend>
        {(["lv", "en"] as const).map((code) => (
          <label className="radio" key={code}>
            <input type="radio" name="locale" value={code} defaultChecked={v.locale === code} />
            <span lang={code}>{t(`lang.${code}`)}</span>
          </label>
        ))}
        {localeError ? (
          <p className="field-error" id="f-locale-error">
            {err(localeError.key, localeError.vars)}
          </p>
        ) : null}
      </fieldset>
      <label className="radio">
        <input type="checkbox" name="notifyEmail" value="1" defaultChecked={v.notifyEmail} aria-describedby="f-notifyEmail-hint" />
        {t("settings.prefs.notifyEmail")}
      </label>
      <p className="hint" id="f-notifyEmail-hint">
        {t("settings.prefs.notifyEmail.hint")}
      </p>
    </fieldset>
  );

  return (
    <SettingsPage>
      <h2>{t("settings.profile.title")}</h2>
      {params.get("saved") && !error ? <Notice>{t("settings.saved")}</Notice> : null}
      <FormError error={error} />
      {member ? (
        <Form key={formKey} method="post" noValidate className="settings-form">
          <input type="hidden" name="intent" value="profile" />
          <p className="muted">{t("settings.profile.intro")}</p>
          <Field name="name" label={t("auth.name")} autoComplete="name" required defaultValue={v.name} errors={error} maxLength={NAME_MAX} />
          <Field name="jobTitle" label={t("settings.profile.jobTitle")} autoComplete="organization-title" defaultValue={v.jobTitle} errors={error} maxLength={JOB_TITLE_MAX} />
          <Field name="jobTitleEn" label={t("settings.profile.jobTitleEn")} hint={t("vocabulary.englishVersion.hint")} defaultValue={v.jobTitleEn} errors={error} maxLength={JOB_TITLE_MAX} />
          <fieldset className={languagesError ? "has-error" : undefined} aria-describedby={languagesError ? "f-languages-error" : undefined}>
            <legend>{t("settings.profile.languages")}</legend>
            <div className="check-grid">
              {PROFILE_LANGUAGES.map((code) => (
                <label className="radio" key={code}>
                  <input type="checkbox" name="languages" value={code} defaultChecked={v.languages.includes(code)} />
                  {t(`settings.language.${code}`)}
                </label>
              ))}
            </div>
            {languagesError ? (
              <p className="field-error" id="f-languages-error">
                {err(languagesError.key, languagesError.vars)}
              </p>
            ) : null}
          </fieldset>
          <TermChoice name="expertise" legend={t("settings.profile.expertise")} terms={expertiseTerms} {...v.expertise} max={TAGS_MAX} errors={error} />
          <fieldset>
            <legend>{t("settings.contact.title")}</legend>
            <label className="radio">
              <input type="checkbox" name="showEmail" value="1" defaultChecked={v.showEmail} />
              {t("settings.contact.showEmail")}
            </label>
            <Field
              name="phone"
              type="tel"
              label={t("settings.contact.phone")}
              hint={t("settings.contact.phone.hint")}
              autoComplete="tel"
              inputMode="tel"
              defaultValue={v.phone}
              errors={error}
              maxLength={30}
            />
          </fieldset>
          {preferences}
          <button type="submit" className="button" disabled={busy}>
            {t("settings.save")}
          </button>
        </Form>
      ) : (
        <>
          <p className="muted">{t("settings.profile.pending")}</p>
          <Form key={formKey} method="post" noValidate className="settings-form">
            <input type="hidden" name="intent" value="preferences" />
            {preferences}
            <button type="submit" className="button" disabled={busy}>
              {t("settings.save")}
            </button>
          </Form>
        </>
      )}
    </SettingsPage>
  );
}
