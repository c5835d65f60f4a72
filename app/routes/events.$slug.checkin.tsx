import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { formatNumber, formatTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { accessOr404 } from "~/modules/events/events.server";
import { checkinList } from "~/modules/events/invitations.server";
import { setCheckedIn } from "~/modules/events/rsvp.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Reģistrācija · Check-in` : "Check-in" }];

async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  assertCan(viewer, { action: "event.manage", event: a.facts });
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 80);
  const people = await checkinList(context.db, a.event.id, q || null);
  const all = q ? await checkinList(context.db, a.event.id, null) : people;
  return {
    slug: a.event.slug,
    title: pickTitle(viewer.locale, a.event.title_lv, a.event.title_en),
    q,
    people,
    arrived: all.filter((p) => p.checkedInAt).length,
    expected: all.filter((p) => p.status === "going").length,
  };
}

const CheckInSchema = z.object({
  intent: z.enum(["checkin", "undo"], { message: "error.400.title" }),
  attendanceId: z.string().default(""),
  q: z.string().default(""),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const form = await readForm(request, 4 * 1024);
  const values = formObject(form);
  const parsed = parseForm(form, CheckInSchema);
  if (!parsed.ok) return actionError(parsed.error, { values });
  const { intent, attendanceId, q } = parsed.data;
  try {
    await setCheckedIn(context, viewer, a.event.id, attendanceId, intent === "checkin");
  } catch (err) {
    return actionError(err, { values, intent });
  }
  return redirect(`/events/${a.event.slug}/checkin${q ? `?q=${encodeURIComponent(q)}` : ""}#a-${attendanceId}`);
}

export default function CheckIn() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="page checkin">
      <p className="breadcrumb">
        <Link to={`/events/${d.slug}`}>{d.title}</Link>
      </p>
      <h1>{t("events.checkin.title")}</h1>
      <p className="checkin-count" aria-live="polite">
        {t("events.checkin.count", { arrived: formatNumber(d.arrived, locale), expected: formatNumber(d.expected, locale) })}
      </p>
      <FormError error={error} />
      <Form method="get" role="search" aria-label={t("events.checkin.search")} className="checkin-search">
        <label htmlFor="f-q">{t("events.checkin.search")}</label>
        <div className="button-row">
          <input id="f-q" name="q" type="search" defaultValue={d.q} maxLength={80} autoComplete="off" />
          <button type="submit" className="button secondary">
            {t("common.search")}
          </button>
        </div>
      </Form>
      {d.people.length === 0 ? <p className="muted">{t("events.checkin.none")}</p> : null}
      <ul className="list checkin-list">
        {d.people.map((p) => (
          <li key={p.id} id={`a-${p.id}`} className={p.checkedInAt ? "arrived" : undefined}>
            <div className="checkin-person">
              <strong>{p.name || p.email}</strong>
              <span className="muted">
                {p.org || p.email} · {t(`events.attendance.${p.status}`)}
              </span>
              {p.checkedInAt ? <span className="badge">{t("events.checkin.at", { time: formatTime(p.checkedInAt, locale) })}</span> : null}
            </div>
            <Form method="post">
              <input type="hidden" name="attendanceId" value={p.id} />
              <input type="hidden" name="q" value={d.q} />
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
        ))}
      </ul>
    </section>
  );
}
