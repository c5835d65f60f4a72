import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError } from "~/components/forms";
import { EventFields, pickTitle } from "~/components/events";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { formObject, readForm } from "~/modules/forms";
import { assertCan } from "~/modules/policy/authorize.server";
import { hostGroupChoices } from "~/modules/events/access.server";
import { createEvent, leadsAnyGroup } from "~/modules/events/events.server";
import { parseEventForm } from "~/modules/events/input.server";

export const meta: MetaFunction = () => [{ title: "Jauns pasākums · New event" }];

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
  const values = formObject(form) as Record<string, string>;
  const publish = values.intent === "publish";
  const parsed = parseEventForm(values);
  if (!parsed.ok) return data({ errors: parsed.errors as Record<string, string>, values }, { status: 400 });
  try {
    const e = await createEvent(context, viewer, parsed.input, publish);
    return redirect(`/events/${e.slug}?done=${publish ? "published" : "created"}`);
  } catch (err) {
    if (err instanceof ActionError) return data({ errors: { [err.field ?? "_form"]: err.key } as Record<string, string>, values }, { status: err.status });
    throw err;
  }
}

export default function NewEvent() {
  const t = useT();
  const locale = useLocale();
  const { groups, preselect } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = result?.values ?? { hostGroupId: preselect ?? "", visibility: preselect ? "group_members" : "all_members", language: locale };
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/events">{t("nav.events")}</Link>
      </p>
      <h1>{t("events.create")}</h1>
      {Object.keys(errors).length ? <FormError code={errors._form ?? "events.error.form"} /> : null}
      <Form method="post" noValidate className="event-form">
        <EventFields values={values} errors={errors} groups={groups.map((g) => ({ id: g.id, name: pickTitle(locale, g.name_lv, g.name_en) }))} />
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
