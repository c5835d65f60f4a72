import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { formatNumber, formatTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { accessOr404 } from "~/modules/events/events.server";
import { checkinCounts, checkinList } from "~/modules/events/invitations.server";
import { setCheckedIn } from "~/modules/events/rsvp.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.events.slug.checkin", data ? data.title : undefined)];

async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  assertCan(viewer, { action: "event.manage", event: a.facts });
  return { viewer, a };
}

// The door lists everyone not declined in two parts: people going (what the count counts) and the others who were
// invited, answered maybe or wait — they may be checked in too when the organisers admit them.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 80);
  const [people, counts] = await Promise.all([checkinList(context.db, a.event.id, q || null), checkinCounts(context.db, a.event.id)]);
  return {
    slug: a.event.slug,
    title: pickTitle(viewer.locale, a.event.title_lv, a.event.title_en),
    q,
    going: people.filter((p) => p.status === "going"),
    others: people.filter((p) => p.status !== "going"),
    counts,
  };
}

const CheckinSchema = z.object({
  intent: z.enum(["checkin", "undo"], { message: "error.400.title" }),
  attendanceId: z.string().max(64).default(""),
  q: z.string().max(80).default(""),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const form = await readForm(request, 4 * 1024);
  const parsed = parseForm(form, CheckinSchema);
  if (!parsed.ok) return actionError(parsed.error);
  const { intent, attendanceId: id, q } = parsed.data;
  try {
    await setCheckedIn(context, viewer, a.event.id, id, intent === "checkin");
  } catch (err) {
    return actionError(err, { intent });
  }
  return redirect(`/events/${a.event.slug}/checkin${q ? `?q=${encodeURIComponent(q)}` : ""}#a-${id}`);
}

type Person = ReturnType<typeof useLoaderData<typeof loader>>["going"][number];

function PersonRow({ p, q }: { p: Person; q: string }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <li id={`a-${p.id}`} className={p.checkedInAt ? "arrived" : undefined}>
      <div className="checkin-person">
        <strong>{p.name || p.email}</strong>
        <span className="muted">
          {p.org || p.email} · {t(`events.attendance.${p.status}`)}
        </span>
        {p.checkedInAt ? <span className="badge">{t("events.checkin.at", { time: formatTime(p.checkedInAt, locale) })}</span> : null}
      </div>
      <Form noValidate method="post">
        <input type="hidden" name="attendanceId" value={p.id} />
        <input type="hidden" name="q" value={q} />
        {p.checkedInAt ? (
          <button type="submit" name="intent" value="undo" className="button secondary checkin-button" disabled={busy}>
            {t("events.checkin.undo")}
            <span className="visually-hidden"> — {p.name || p.email}</span>
          </button>
        ) : (
          <button type="submit" name="intent" value="checkin" className="button checkin-button" disabled={busy}>
            {t("events.checkin.button")}
            <span className="visually-hidden"> — {p.name || p.email}</span>
          </button>
        )}
      </Form>
    </li>
  );
}

export default function CheckIn() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const { error } = useActionError();
  const n = (x: number) => formatNumber(x, locale);
  return (
    <section className="page checkin">
      <p className="breadcrumb">
        <Link to={`/events/${d.slug}`}>{d.title}</Link>
      </p>
      <h1>{t("events.checkin.title")}</h1>
      <div aria-live="polite">
        <p className="checkin-count">{t("events.checkin.count", { arrived: n(d.counts.arrived), expected: n(d.counts.going) })}</p>
        {d.counts.arrivedOthers ? <p className="muted checkin-count-others">{t("events.checkin.countOthers", { count: n(d.counts.arrivedOthers) })}</p> : null}
      </div>
      <p className="hint">{t("events.checkin.intro")}</p>
      <FormError error={error} />
      <Form noValidate method="get" role="search" aria-label={t("events.checkin.search")} className="checkin-search">
        <label htmlFor="f-q">{t("events.checkin.search")}</label>
        <div className="button-row">
          <input id="f-q" name="q" type="search" defaultValue={d.q} maxLength={80} autoComplete="off" />
          <button type="submit" className="button secondary">
            {t("common.search")}
          </button>
        </div>
      </Form>
      {d.q && d.going.length === 0 && d.others.length === 0 ? (
        <p className="muted">{t("events.checkin.none")}</p>
      ) : (
        <>
          <section aria-labelledby="checkin-going-h">
            <h2 id="checkin-going-h">{t("events.checkin.goingHeading", { count: n(d.going.length) })}</h2>
            {d.going.length === 0 ? <p className="muted">{d.q ? t("events.checkin.none") : t("events.checkin.noneGoing")}</p> : null}
            <ul className="list checkin-list">
              {d.going.map((p) => (
                <PersonRow key={p.id} p={p} q={d.q} />
              ))}
            </ul>
          </section>
          {d.others.length ? (
            <section aria-labelledby="checkin-others-h">
              <h2 id="checkin-others-h">{t("events.checkin.othersHeading", { count: n(d.others.length) })}</h2>
              <p className="hint">{t("events.checkin.othersHint")}</p>
              <ul className="list checkin-list">
                {d.others.map((p) => (
                  <PersonRow key={p.id} p={p} q={d.q} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </section>
  );
}
