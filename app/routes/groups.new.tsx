import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { CompetitionAck, GroupFields } from "~/components/groups";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { createGroup, GROUP_FIELDS, GROUP_LIMITS, privateInviteOnly } from "~/modules/groups/groups.server";
import { listTerms } from "~/modules/vocabulary/vocabulary.server";
import { termChoiceValues } from "~/components/vocabulary";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.groups.new")];

/** The group's fields and the competition-law acknowledgement (refused together with the fields' problems). */
const NewGroupSchema = z.object({ ...GROUP_FIELDS, ack: z.literal("yes", { errorMap: () => ({ message: "groups.error.ackRequired" }) }) }).superRefine(privateInviteOnly);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "group.create" });
  return { topics: await listTerms(context.db, "group_topic"), maxTopics: GROUP_LIMITS.tagsMax };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "group.create" });
  const form = await readForm(request, 64 * 1024);
  const values = formObject(form);
  const parsed = parseForm(form, NewGroupSchema);
  if (!parsed.ok) return actionError(parsed.error, { values });
  let slug: string;
  try {
    ({ slug } = await createGroup(context, viewer, parsed.data, parsed.data.ack === "yes"));
  } catch (err) {
    return actionError(err, { values });
  }
  return redirect(`/groups/${slug}`);
}

export default function NewGroup() {
  const t = useT();
  const { topics, maxTopics } = useLoaderData<typeof loader>();
  const { error, value, values } = useActionError();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="page narrow">
      <p>
        <Link to="/groups">← {t("nav.groups")}</Link>
      </p>
      <h1>{t("groups.create")}</h1>
      <FormError error={error} />
      <Form method="post" noValidate>
        <GroupFields value={value} errors={error} topics={{ terms: topics, max: maxTopics, ...termChoiceValues("tags", [], error ? values : null) }} />
        <CompetitionAck errors={error} />
        <button type="submit" className="button" disabled={busy}>
          {t("groups.create.submit")}
        </button>
      </Form>
    </section>
  );
}
