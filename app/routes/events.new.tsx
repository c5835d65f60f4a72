import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { EventFields, firstValues, pickTitle } from "~/components/events";
import { requireMember } from "~/modules/auth/guards.server";
import { formObject, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { hostGroupChoices } from "~/modules/events/access.server";
import { createEvent, leadsAnyGroup } from "~/modules/events/events.server";
import { parseEventForm } from "~/modules/events/input.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.events.new")];

async function gate(request: Request, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "event.create", leadOfHostGroup: await leadsAnyGroup(context.db, viewer) });
  return viewer;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await gate(request, context);
  const groups = await hostGroupChoices(context.db, viewer);
  const url = new URL(request.url);
  const preselect = url.searchParams.get("group");
  return { groups, preselect: groups.some((g) => g.id === preselect) ? preselect : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await gate(request, context);
  const form = await readForm(request, 256 * 1024);
  const values = formObject(form);
  const publish = values.intent === "publish";
  const parsed = parseEventForm(values);
  if (!parsed.ok) return actionError(parsed.error, { values });
  try {
    const e = await createEvent(context, viewer, parsed.data, publish);
    return redirect(`/events/${e.slug}?done=${publish ? "published" : "created"}`);
  } catch (err) {
    return actionError(err, { values });
  }
}

export default function NewEvent() {
  const t = useT();
  const locale = useLocale();
  const { groups, preselect } = useLoaderData<typeof loader>();
  const { error, values: sent } = useActionError();
  const busy = useNavigation().state === "submitting";
  const values = error ? firstValues(sent) : { hostGroupId: preselect ?? "", visibility: preselect ? "group_members" : "all_members", language: locale };
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link>
      </p>
      <h1>{t("events.create")}</h1>
      <FormError error={error} summary="events.error.form" />
      <Form method="post" noValidate className="event-form">
        <EventFields values={values} errors={error} groups={groups.map((g) => ({ id: g.id, name: pickTitle(locale, g.name_lv, g.name_en) }))} />
        <div className="button-row">
          <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
            {t("events.form.publish")}
          </button>
          <button type="submit" name="intent" value="draft" className="button secondary" disabled={busy}>
            {t("events.form.saveDraft")}
          </button>
        </div>
        <p className="hint">{t("events.form.draftHint")}</p>
      </Form>
    </section>
  );
}
