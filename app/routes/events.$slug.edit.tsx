import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { EventFields, firstValues, pickTitle } from "~/components/events";
import { CancelCard, PublishCard } from "~/components/events/lifecycle";
import { requireMember } from "~/modules/auth/guards.server";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { hostGroupChoices } from "~/modules/events/access.server";
import { accessOr404, changeEventStatus, updateEvent } from "~/modules/events/events.server";
import { EditIntentSchema, agendaText, formValuesOf, parseEventForm } from "~/modules/events/input.server";
import { agendaOf, countsOf } from "~/modules/events/load.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.events.slug.edit", data ? data.title : undefined)];

async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  assertCan(viewer, { action: "event.manage", event: a.facts });
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const [groups, agenda, counts] = await Promise.all([hostGroupChoices(context.db, viewer, a.event.host_group_id), agendaOf(context.db, a.event.id), countsOf(context.db, a.event.id)]);
  return {
    slug: a.event.slug,
    title: pickTitle(viewer.locale, a.event.title_lv, a.event.title_en),
    status: a.event.status,
    sequence: a.event.sequence,
    values: formValuesOf(a.event, agendaText(agenda)),
    groups,
    audience: counts.going + counts.maybe + counts.waitlisted + counts.invited,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const form = await readForm(request, 256 * 1024);
  const values = formObject(form);
  const here = `/events/${a.event.slug}`;
  const parsed = parseForm(values, EditIntentSchema);
  if (!parsed.ok) return actionError(parsed.error, { values, intent: "save" });
  const intent = parsed.data.intent;
  try {
    if (parsed.data.intent !== "save") {
      const done = await changeEventStatus(context, viewer, a.event.id, parsed.data);
      return redirect(`${here}?done=${done}`);
    }
    const input = parseEventForm(values, { previousStart: a.event.starts_at });
    if (!input.ok) return actionError(input.error, { values, intent });
    const r = await updateEvent(context, viewer, a.event.id, input.data, { notify: parsed.data.notify });
    return redirect(`/events/${r.slug}?done=${r.significant ? "updated" : r.mailed ? "notified" : "saved"}`);
  } catch (err) {
    return actionError(err, { values, intent });
  }
}

export default function EditEvent() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const { error, intent, values: sent } = useActionError();
  const busy = useNavigation().state === "submitting";
  const saveError = intent === "save" ? error : null;
  const values = saveError ? firstValues(sent) : d.values;
  const here = `/events/${d.slug}`;
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link> › <Link to={here}>{d.title}</Link>
      </p>
      <h1>{t("events.edit")}</h1>
      {d.status === "cancelled" ? <p className="notice">{t("events.cancelled.notice")}</p> : null}
      <FormError error={saveError} summary="events.error.form" />
      {d.status !== "cancelled" ? (
        <Form method="post" noValidate className="event-form">
          <input type="hidden" name="intent" value="save" />
          <EventFields values={values} errors={saveError} groups={d.groups.map((g) => ({ id: g.id, name: pickTitle(locale, g.name_lv, g.name_en) }))} />
          {d.status === "published" ? (
            <fieldset>
              <legend>{t("events.form.notifyTitle")}</legend>
              <p className="hint">{t("events.form.significantHint", { count: d.audience })}</p>
              <label className="checkbox" htmlFor="f-notify">
                <input type="checkbox" id="f-notify" name="notify" value="yes" />
                {t("events.form.notify")}
              </label>
            </fieldset>
          ) : null}
          <button type="submit" className="button" disabled={busy}>
            {t("common.save")}
          </button>
        </Form>
      ) : null}

      <PublishCard status={d.status} audience={d.audience} />
      <CancelCard status={d.status} audience={d.audience} />
    </section>
  );
}
