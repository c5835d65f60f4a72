import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { getViewer } from "~/modules/auth/session.server";
import { isActiveMember } from "~/modules/policy/facts";
import { startPage } from "~/modules/home/start.server";
import { ActivityBlock, ClusterBlock, EventsBlock, NeedsBlock, NextSteps, UnreadBlock } from "~/components/home/start";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (!viewer) return { member: null };
  if (!isActiveMember(viewer)) throw redirect("/pending");
  return { member: await startPage(context.db, viewer) };
}

export default function Index() {
  const t = useT();
  const { member } = useLoaderData<typeof loader>();
  if (!member) {
    return (
      <div className="landing">
        <section className="hero">
          <h1>{t("home.hero.title")}</h1>
          <p className="lead">{t("home.hero.body")}</p>
          <p className="cta">
            <Link to="/signup" className="button">
              {t("home.cta.signup")}
            </Link>
            <Link to="/login" className="button secondary">
              {t("home.cta.login")}
            </Link>
          </p>
        </section>
        <ul className="features">
          <li>{t("home.feature.groups")}</li>
          <li>{t("home.feature.events")}</li>
          <li>{t("home.feature.campaigns")}</li>
          <li>{t("home.feature.logistics")}</li>
        </ul>
      </div>
    );
  }
  return (
    <section className="page start">
      <h1>{t("home.welcome", { name: member.name })}</h1>
      <p>{t("home.start.org", { org: member.org })}</p>
      <p className="muted">
        {t("home.stats.orgs", { count: member.orgs })} · {t("home.stats.people", { count: member.people })}
      </p>
      <NextSteps hints={member.hints} />
      <div className="start-grid">
        {member.cluster ? <ClusterBlock cluster={member.cluster} /> : null}
        <NeedsBlock needs={member.needs} />
        <EventsBlock events={member.events} />
        <UnreadBlock unread={member.unread} />
        <ActivityBlock activity={member.activity} />
      </div>
      <nav aria-label={t("home.start.title")} className="tiles">
        <Link to="/groups" className="tile">
          <strong>{t("nav.groups")}</strong>
          <span>{t("home.feature.groups")}</span>
        </Link>
        <Link to="/events" className="tile">
          <strong>{t("nav.events")}</strong>
          <span>{t("home.feature.events")}</span>
        </Link>
        <Link to="/campaigns" className="tile">
          <strong>{t("nav.campaigns")}</strong>
          <span>{t("home.feature.campaigns")}</span>
        </Link>
        <Link to="/logistics" className="tile">
          <strong>{t("nav.logistics")}</strong>
          <span>{t("home.feature.logistics")}</span>
        </Link>
        <Link to="/directory" className="tile">
          <strong>{t("nav.directory")}</strong>
          <span>{t("home.start.directory")}</span>
        </Link>
      </nav>
    </section>
  );
}
