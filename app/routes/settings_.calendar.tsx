import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { SettingsPage } from "~/components/settings-nav";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { regenerateFeedToken, revokeFeedToken } from "~/modules/events/feeds.server";
import { ownCalendarFeeds } from "~/modules/people/calendar.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.settings.calendar")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  return { feeds: await ownCalendarFeeds(context, viewer) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const form = await readForm(request, 2 * 1024);
  const intent = form.get("intent");
  if (intent === "regenerate") {
    await regenerateFeedToken(context, viewer.id);
    return redirect("/settings/calendar?done=created");
  }
  if (intent === "revoke") {
    await revokeFeedToken(context.db, viewer.id);
    return redirect("/settings/calendar?done=revoked");
  }
  return actionError(new ActionError(400, "error.400.title"));
}

function FeedLinks({ label, links }: { label: string; links: { https: string; webcal: string } }) {
  const t = useT();
  return (
    <li className="feed">
      <strong>{label}</strong>
      <div className="button-row">
        <a href={links.webcal} className="button small secondary">
          {t("events.feed.subscribe")}
        </a>
      </div>
      <label className="feed-url">
        <span>{t("settings.calendar.url")}</span>
        <input type="text" readOnly value={links.https} onFocus={(e) => e.currentTarget.select()} />
      </label>
    </li>
  );
}

export default function CalendarSettings() {
  const t = useT();
  const locale = useLocale();
  const { feeds } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { error } = useActionError();
  const done = params.get("done");
  return (
    <SettingsPage>
      <h2 id="calendar">{t("settings.calendar.title")}</h2>
      {done === "created" ? <Notice>{t("settings.calendar.created")}</Notice> : null}
      {done === "revoked" ? <Notice>{t("settings.calendar.revoked")}</Notice> : null}
      <FormError error={error} />
      <p>{t("settings.calendar.intro")}</p>
      <p className="muted">{t("settings.calendar.secret")}</p>
      <p className="muted">{t("settings.calendar.revocation")}</p>
      {feeds ? (
        <>
          <ul className="list feeds">
            <FeedLinks label={t("events.feed.mine.name")} links={feeds.mine} />
            <FeedLinks label={t("events.feed.all.name")} links={feeds.all} />
            {feeds.groups.map((g) => (
              <FeedLinks key={g.https} label={g.name} links={g} />
            ))}
          </ul>
          <p className="hint">{t("settings.calendar.polling")}</p>
          {feeds.createdAt ? (
            <p className="muted">
              {t("settings.calendar.since", { date: formatDateTime(feeds.createdAt, locale) })}
              {feeds.lastUsedAt ? ` · ${t("settings.calendar.lastUsed", { date: formatDateTime(feeds.lastUsedAt, locale) })}` : ""}
            </p>
          ) : null}
          <div className="button-row">
            <Form noValidate method="post">
              <button type="submit" name="intent" value="regenerate" className="button secondary">
                {t("settings.calendar.regenerate")}
              </button>
            </Form>
            <Form noValidate method="post">
              <button type="submit" name="intent" value="revoke" className="button danger">
                {t("settings.calendar.revoke")}
              </button>
            </Form>
          </div>
        </>
      ) : (
        <Form noValidate method="post">
          <button type="submit" name="intent" value="regenerate" className="button">
            {t("settings.calendar.create")}
          </button>
        </Form>
      )}
    </SettingsPage>
  );
}
