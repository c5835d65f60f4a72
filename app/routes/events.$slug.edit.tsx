import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, useErrorText } from "~/components/forms";
import { EventFields, pickTitle } from "~/components/events";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { formObject, readForm } from "~/modules/forms";
import { hostGroupChoices } from "~/modules/events/access.server";
import { accessOr404, cancelEvent, publishEvent, updateEvent } from "~/modules/events/events.server";
import { agendaText, formValuesOf, parseEventForm } from "~/modules/events/input.server";
import { agendaOf, countsOf } from "~/modules/events/load.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Rediģēt · Edit` : "Pasākums · Event" }];

async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await accessOr404(context.db, viewer, { slug: params.slug ?? "" });
  if (!a.may.manage) throw new Response("Forbidden", { status: 403 });
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const [groups, agenda, counts] = await Promise.all([
    hostGroupChoices(context.db, viewer, a.event.host_group_id),
    agendaOf(context.db, a.event.id),
    countsOf(context.db, a.event.id),
  ]);
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
  const values = formObject(form) as Record<string, string>;
  const here = `/events/${a.event.slug}`;
  try {
    if (values.intent === "publish") {
      await publishEvent(context, viewer, a.event.id);
      return redirect(`${here}?done=published`);
    }
    if (values.intent === "cancel") {
      await cancelEvent(context, viewer, a.event.id, values.confirm === "yes");
      return redirect(`${here}?done=cancelled`);
    }
    const parsed = parseEventForm(values, { previousStart: a.event.starts_at });
    if (!parsed.ok) return data({ intent: "save", errors: parsed.errors as Record<string, string>, values }, { status: 400 });
    const r = await updateEvent(context, viewer, a.event.id, parsed.input, { notify: values.notify === "yes" });
    return redirect(`/events/${r.slug}?done=${r.significant ? "updated" : r.mailed ? "notified" : "saved"}`);
  } catch (err) {
    if (err instanceof ActionError) {
      return data({ intent: values.intent === "cancel" ? "cancel" : "save", errors: { [err.field ?? "_form"]: err.key } as Record<string, string>, values }, { status: err.status });
    }
    throw err;
  }
}

export default function EditEvent() {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const saveErrors: Record<string, string | undefined> = result && result.intent === "save" ? result.errors : {};
  const cancelErrors: Record<string, string | undefined> = result && result.intent === "cancel" ? result.errors : {};
  const values = result && result.intent === "save" ? result.values : d.values;
  const here = `/events/${d.slug}`;
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link> › <Link to={here}>{d.title}</Link>
      </p>
      <h1>{t("events.edit")}</h1>
      {d.status === "cancelled" ? <p className="notice">{t("events.cancelled.notice")}</p> : null}
      {Object.keys(saveErrors).length ? <FormError code={saveErrors._form ?? "events.error.form"} /> : null}
      {d.status !== "cancelled" ? (
        <Form method="post" noValidate className="event-form">
          <input type="hidden" name="intent" value="save" />
          <EventFields values={values} errors={saveErrors} groups={d.groups.map((g) => ({ id: g.id, name: pickTitle(locale, g.name_lv, g.name_en) }))} />
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

      {d.status === "draft" ? (
        <section aria-labelledby="publish-h" className="card">
          <h2 id="publish-h">{t("events.publish.title")}</h2>
          <p>{t("events.publish.hint", { count: d.audience })}</p>
          <Form method="post">
            <button type="submit" name="intent" value="publish" className="button">
              {t("events.form.publish")}
            </button>
          </Form>
        </section>
      ) : null}

      {d.status !== "cancelled" ? (
        <section aria-labelledby="cancel-h" className="card danger-zone">
          <h2 id="cancel-h">{t("events.cancel.title")}</h2>
          <p>{d.status === "published" ? t("events.cancel.hint", { count: d.audience }) : t("events.cancel.hintDraft")}</p>
          {cancelErrors._form ? <FormError code={cancelErrors._form} /> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <label className="checkbox" htmlFor="f-confirm">
              <input type="checkbox" id="f-confirm" name="confirm" value="yes" aria-describedby={cancelErrors.confirm ? "f-confirm-error" : undefined} />
              {t("events.cancel.confirm")}
            </label>
            {cancelErrors.confirm ? (
              <p className="field-error" id="f-confirm-error">
                {err(cancelErrors.confirm)}
              </p>
            ) : null}
            <button type="submit" className="button danger">
              {t("events.cancel.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
