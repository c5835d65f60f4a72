import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDate, formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n";
import type { ActivityItem, Bi, NeedItem, NextEvent, StartPage, UnreadThread } from "~/modules/home/start.server";

// The blocks of the signed-in member's start page (app/routes/_index.tsx). Data: app/modules/home/start.server.ts.

function useBi() {
  const locale = useLocale();
  return (b: Bi) => (locale === "lv" ? b.lv : b.en);
}

function NeedLine({ item }: { item: NeedItem }) {
  const t = useT();
  const locale = useLocale();
  const bi = useBi();
  let text: string;
  switch (item.kind) {
    case "groupInvite":
      text = t("home.needs.groupInvite", { name: bi(item.name) });
      break;
    case "eventInvite":
      text = t("home.needs.eventInvite", { name: bi(item.name), date: formatDateTime(item.at, locale) });
      break;
    case "joinRequests":
      text = t("home.needs.joinRequests", { name: bi(item.name), count: item.count });
      break;
    case "orgPeople":
      text = t("home.needs.orgPeople", { count: item.count });
      break;
    case "deliverable":
      text = t(item.overdue ? "home.needs.deliverableOverdue" : "home.needs.deliverable", {
        name: bi(item.name),
        campaign: bi(item.campaign),
        date: formatDate(`${item.dueOn}T12:00:00Z`, locale),
      });
      break;
    case "applications":
      text = t("home.needs.applications", { name: bi(item.name), count: item.count });
      break;
    case "poolInvite":
      text = t("home.needs.poolInvite", { code: item.code });
      break;
    case "poolRequests":
      text = t("home.needs.poolRequests", { code: item.code, count: item.count });
      break;
    case "poolQuote":
      text = t("home.needs.poolQuote", { code: item.code });
      break;
  }
  return (
    <li className={item.kind === "deliverable" && item.overdue ? "overdue" : undefined}>
      <Link to={item.href}>{text}</Link>
    </li>
  );
}

export function NeedsBlock({ needs }: { needs: StartPage["needs"] }) {
  const t = useT();
  return (
    <section className="card start-block" aria-labelledby="needs-h">
      <h2 id="needs-h">{t("home.needs.title")}</h2>
      {needs.items.length === 0 ? (
        <p className="muted">{t("home.needs.empty")}</p>
      ) : (
        <ul className="list">
          {needs.items.map((n, i) => (
            <NeedLine key={`${n.kind}-${n.href}-${i}`} item={n} />
          ))}
        </ul>
      )}
      {needs.more ? <p className="muted">{t("home.needs.more")}</p> : null}
    </section>
  );
}

function rsvpKey(r: NextEvent["rsvp"]): MessageKey {
  return r ? (`events.attendance.${r}` as MessageKey) : "home.events.rsvp.none";
}

export function EventsBlock({ events }: { events: StartPage["events"] }) {
  const t = useT();
  const locale = useLocale();
  const bi = useBi();
  return (
    <section className="card start-block" aria-labelledby="next-events-h">
      <h2 id="next-events-h">{t("home.events.title")}</h2>
      {events.items.length === 0 ? (
        <p>
          {t("home.events.empty")} <Link to="/events">{t("home.events.emptyAction")}</Link>
        </p>
      ) : (
        <ul className="list">
          {events.items.map((e) => (
            <li key={e.slug}>
              <Link to={e.href}>{bi(e.title)}</Link>{" "}
              <span className="muted">
                {formatDateTime(e.startsAt, locale)}
                {e.venue ? ` · ${e.venue}` : ""}
              </span>{" "}
              <span className="tag">{t(rsvpKey(e.rsvp))}</span>{" "}
              <a href={e.icsHref} className="small">
                {t("home.events.ics")}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/events/mine">{t("home.events.more")}</Link>
      </p>
    </section>
  );
}

function UnreadLine({ u }: { u: UnreadThread }) {
  const t = useT();
  const locale = useLocale();
  const bi = useBi();
  return (
    <li>
      <Link to={u.href}>{u.title}</Link> <span className="badge">{t("home.unread.count", { count: u.unread })}</span>
      <br />
      <span className="muted">
        {t(`home.unread.subject.${u.subjectType}` as MessageKey)}: {bi(u.subject)}
        {u.lastAuthor ? ` · ${t("home.unread.lastBy", { name: u.lastAuthor })}` : ""} · {formatDateTime(u.lastPostAt, locale)}
      </span>
    </li>
  );
}

export function UnreadBlock({ unread }: { unread: StartPage["unread"] }) {
  const t = useT();
  return (
    <section className="card start-block" aria-labelledby="unread-h">
      <h2 id="unread-h">{t("home.unread.title")}</h2>
      {unread.items.length === 0 ? (
        <p className="muted">{t("home.unread.empty")}</p>
      ) : (
        <>
          <p className="muted">{t("home.unread.summary", { count: unread.threads })}</p>
          <ul className="list">
            {unread.items.map((u) => (
              <UnreadLine key={u.id} u={u} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ActivityLine({ a }: { a: ActivityItem }) {
  const t = useT();
  const locale = useLocale();
  const bi = useBi();
  const text =
    a.kind === "joined"
      ? t("home.activity.joined", { who: a.who, group: bi(a.group) })
      : a.who
        ? t("home.activity.post", { who: a.who, title: a.title, group: bi(a.group) })
        : t("home.activity.postNobody", { title: a.title, group: bi(a.group) });
  return (
    <li>
      <Link to={a.href}>{text}</Link> <span className="muted">{formatDateTime(a.at, locale)}</span>
    </li>
  );
}

export function ActivityBlock({ activity }: { activity: StartPage["activity"] }) {
  const t = useT();
  return (
    <section className="card start-block" aria-labelledby="activity-h">
      <h2 id="activity-h">{t("home.activity.title")}</h2>
      {activity.items.length === 0 ? (
        <p className="muted">{t("home.activity.empty")}</p>
      ) : (
        <ul className="list">
          {activity.items.map((a, i) => (
            <ActivityLine key={`${a.kind}-${a.href}-${i}`} a={a} />
          ))}
        </ul>
      )}
      <p>
        <Link to="/groups">{t("home.activity.more")}</Link>
      </p>
    </section>
  );
}

export function ClusterBlock({ cluster }: { cluster: NonNullable<StartPage["cluster"]> }) {
  const t = useT();
  const nothing = cluster.pendingOrgs === 0 && cluster.pendingPeople === 0 && cluster.erasures === 0;
  return (
    <section className="card start-block" aria-labelledby="cluster-h">
      <h2 id="cluster-h">{t("home.cluster.title")}</h2>
      {nothing ? (
        <p className="muted">{t("home.cluster.none")}</p>
      ) : (
        <ul className="list">
          {cluster.pendingOrgs > 0 ? (
            <li>
              <Link to="/approvals">{t("home.cluster.orgs", { count: cluster.pendingOrgs })}</Link>
            </li>
          ) : null}
          {cluster.pendingPeople > 0 ? (
            <li>
              <Link to="/approvals">{t("home.cluster.people", { count: cluster.pendingPeople })}</Link>
            </li>
          ) : null}
          {cluster.erasures > 0 ? (
            <li>
              <Link to="/admin/erasure">{t("home.cluster.erasures", { count: cluster.erasures })}</Link>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

/** What a new member could do next: shown while they have no groups or an incomplete profile. */
export function NextSteps({ hints }: { hints: StartPage["hints"] }) {
  const t = useT();
  if (hints.groups > 0 && !hints.profileIncomplete) return null;
  return (
    <section className="notice start-next" aria-labelledby="next-h">
      <h2 id="next-h">{t("home.next.title")}</h2>
      <ul>
        {hints.groups === 0 ? (
          <li>
            <Link to="/groups">{t("home.next.joinGroup")}</Link>
          </li>
        ) : null}
        {hints.groups === 0 ? (
          <li>
            <Link to="/events">{t("home.next.events")}</Link>
          </li>
        ) : null}
        {hints.profileIncomplete ? (
          <li>
            <Link to="/settings">{t("home.next.profile")}</Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
