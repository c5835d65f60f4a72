import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Notice } from "~/components/forms";
import { SettingsPage } from "~/components/settings-nav";
import { pickTitle } from "~/components/events";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { readForm } from "~/modules/forms";
import { currentFeedToken, feedUrls, regenerateFeedToken, revokeFeedToken } from "~/modules/events/feeds.server";

export const meta: MetaFunction = () => [{ title: "Kalendārs · Calendar" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const [token, row, groups] = await Promise.all([
    currentFeedToken(context.db, context.config, viewer.id),
    context.db.selectFrom("calendar_feed_token").select(["created_at", "last_used_at"]).where("person_id", "=", viewer.id).executeTakeFirst(),
    context.db
      .selectFrom("working_group_member as m")
      .innerJoin("working_group as g", "g.id", "m.group_id")
      .select(["g.slug", "g.name_lv", "g.name_en"])
      .where("m.person_id", "=", viewer.id)
      .orderBy("g.search_key")
      .execute(),
  ]);
  const origin = context.config.appOrigin;
  return {
    feeds: token
      ? {
          ...feedUrls(origin, token),
          groups: groups.map((g) => ({ name: pickTitle(viewer.locale, g.name_lv, g.name_en), ...feedUrls(origin, token, g.slug).group! })),
          createdAt: row?.created_at.toISOString() ?? null,
          lastUsedAt: row?.last_used_at?.toISOString() ?? null,
        }
      : null,
  };
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
  return data({ error: "error.400.title" }, { status: 400 });
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
  const done = params.get("done");
  return (
    <SettingsPage>
      <h2 id="calendar">{t("settings.calendar.title")}</h2>
      {done === "created" ? <Notice>{t("settings.calendar.created")}</Notice> : null}
      {done === "revoked" ? <Notice>{t("settings.calendar.revoked")}</Notice> : null}
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
            <Form method="post">
              <button type="submit" name="intent" value="regenerate" className="button secondary">
                {t("settings.calendar.regenerate")}
              </button>
            </Form>
            <Form method="post">
              <button type="submit" name="intent" value="revoke" className="button danger">
                {t("settings.calendar.revoke")}
              </button>
            </Form>
          </div>
        </>
      ) : (
        <Form method="post">
          <button type="submit" name="intent" value="regenerate" className="button">
            {t("settings.calendar.create")}
          </button>
        </Form>
      )}
    </SettingsPage>
  );
}
