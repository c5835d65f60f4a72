import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { SettingsPage } from "~/components/settings-nav";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { safeRedirect } from "~/modules/auth/redirect";
import { ActionError } from "~/modules/errors";
import { formObject, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { isFollowSubject } from "~/modules/notifications/follow.server";
import { allPrefs, parsePrefsForm, savePrefs } from "~/modules/notifications/prefs.server";
import { EMAIL_CADENCES } from "~/modules/notifications/types";
import { notifyEmailOn } from "~/modules/notifications/notifications.server";
import { changeFollow, followList } from "~/modules/threads/follow-notify.server";
import { FollowForm } from "~/components/follow-form";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.settings.notifications")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const [prefs, follows, emailOn] = await Promise.all([allPrefs(context.db, viewer.id), followList(context.db, viewer), notifyEmailOn(context.db, viewer.id)]);
  return { prefs, follows, emailOn };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const form = await readForm(request, 16 * 1024);
  const values = formObject(form);
  try {
    if (values.intent === "follow") {
      // Follow / mute / back to the default for a group, a thread or an event discussion (from any page).
      const { subjectType, subjectId, state } = values;
      if (!isFollowSubject(subjectType) || typeof subjectId !== "string") throw new ActionError(400, "notify.error.subject");
      if (state !== "follow" && state !== "mute" && state !== "default") throw new ActionError(400, "notify.error.state");
      await changeFollow(context.db, viewer, subjectType, subjectId, state === "default" ? null : state);
      return redirect(safeRedirect(typeof values.redirectTo === "string" ? values.redirectTo : undefined, "/settings/notifications?saved=1"));
    }
    if (values.intent !== "prefs") throw new ActionError(400, "error.400.title");
    await savePrefs(context.db, viewer.id, parsePrefsForm(values));
  } catch (err) {
    return actionError(err, { values });
  }
  return redirect("/settings/notifications?saved=1");
}

export default function NotificationSettings() {
  const t = useT();
  const locale = useLocale();
  const { prefs, follows, emailOn } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { error } = useActionError();
  return (
    <SettingsPage>
      <h2 id="notifications">{t("notify.settings.title")}</h2>
      {params.get("saved") ? <Notice>{t("notify.settings.saved")}</Notice> : null}
      <FormError error={error} />
      <p>{t("notify.settings.intro")}</p>
      {!emailOn ? <p className="notice">{t("notify.settings.masterOff")}</p> : null}
      <Form noValidate method="post">
        <input type="hidden" name="intent" value="prefs" />
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("notify.settings.type")}</th>
                <th scope="col">{t("notify.settings.inApp")}</th>
                <th scope="col">{t("notify.settings.email")}</th>
              </tr>
            </thead>
            <tbody>
              {prefs.map(({ type, pref }) => {
                const name = t(`notify.type.${type}` as MessageKey);
                return (
                  <tr key={type}>
                    <th scope="row">{name}</th>
                    <td>
                      <label>
                        <input type="checkbox" name={`inApp.${type}`} defaultChecked={pref.inApp} /> <span className="visually-hidden">{`${name}: ${t("notify.settings.inApp")}`}</span>
                      </label>
                    </td>
                    <td>
                      <label>
                        <span className="visually-hidden">{`${name}: ${t("notify.settings.email")}`}</span>
                        <select name={`email.${type}`} defaultValue={pref.email}>
                          {EMAIL_CADENCES.map((c) => (
                            <option key={c} value={c}>
                              {t(`notify.email.${c}`)}
                            </option>
                          ))}
                        </select>
                      </label>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button type="submit" className="button">
          {t("notify.settings.save")}
        </button>
      </Form>
      <h2 id="follows">{t("notify.settings.follows")}</h2>
      <p className="muted">{t("notify.settings.followsIntro")}</p>
      {follows.length === 0 ? <p>{t("notify.settings.noFollows")}</p> : null}
      <ul className="list">
        {follows.map((f) => (
          <li key={`${f.type}:${f.id}`}>
            <span className="tag">{t(`follow.subject.${f.type}`)}</span> <Link to={f.href}>{f.label[locale] || f.label.lv}</Link>{" "}
            <span className="muted">{f.state === "mute" ? t("follow.muted") : t("follow.following")}</span>
            <FollowForm type={f.type} id={f.id} state={f.state} redirectTo="/settings/notifications" />
          </li>
        ))}
      </ul>
    </SettingsPage>
  );
}
