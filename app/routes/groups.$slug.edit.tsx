import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { GroupFields, type GroupFormValues } from "~/components/groups";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan, notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import { GROUP_FIELDS, GROUP_LIMITS, privateInviteOnly, setArchived, updateGroup } from "~/modules/groups/groups.server";
import { listTerms } from "~/modules/vocabulary/vocabulary.server";
import { termChoiceValues } from "~/components/vocabulary";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.groups.slug.edit")];

const EditSchema = z
  .discriminatedUnion("intent", [z.object({ intent: z.literal("save"), ...GROUP_FIELDS }), z.object({ intent: z.literal("archive") }), z.object({ intent: z.literal("unarchive") })], {
    errorMap: () => ({ message: "error.400.title" }),
  })
  .superRefine((v, ctx) => {
    if (v.intent === "save") privateInviteOnly(v, ctx);
  });

/** Unknown or private to the viewer: 404; seen but not led by the viewer: 403 with the policy's reason. */
async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a || !a.may.view) notFound();
  assertCan(viewer, { action: "group.manage", group: a.facts });
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { a } = await load(request, params, context);
  const g = a.group;
  return {
    slug: g.slug,
    archived: a.facts.archived,
    values: {
      nameLv: g.name_lv,
      nameEn: g.name_en,
      descriptionLv: g.description_lv,
      descriptionEn: g.description_en,
      visibility: g.visibility,
      joinPolicy: g.join_policy,
    } satisfies GroupFormValues,
    tags: g.tags,
    topics: await listTerms(context.db, "group_topic"),
    maxTopics: GROUP_LIMITS.tagsMax,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const form = await readForm(request, 64 * 1024);
  const values = formObject(form);
  // The edit form without an intent is a save (as it always was).
  const parsed = parseForm({ intent: "save", ...values }, EditSchema);
  if (!parsed.ok) return actionError(parsed.error, { values, intent: String(values.intent ?? "") });
  const input = parsed.data;
  try {
    if (input.intent === "save") await updateGroup(context, viewer, a.group.id, input);
    else await setArchived(context, viewer, a.group.id, input.intent === "archive");
  } catch (err) {
    return actionError(err, { values, intent: input.intent });
  }
  return redirect(`/groups/${a.group.slug}`);
}

export default function EditGroup() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const { error, value, values, intent } = useActionError();
  const busy = useNavigation().state === "submitting";
  // After a refusal of the save form it shows what was sent; otherwise what is stored.
  const saveError = intent === "archive" || intent === "unarchive" ? null : error;
  const v = (name: keyof GroupFormValues) => (saveError ? value(name) : d.values[name]);
  return (
    <section className="page narrow">
      <p>
        <Link to={`/groups/${d.slug}`}>← {d.values.nameLv}</Link>
      </p>
      <h1>{t("groups.edit")}</h1>
      <FormError error={saveError} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <GroupFields value={v} errors={saveError} topics={{ terms: d.topics, max: d.maxTopics, ...termChoiceValues("tags", d.tags, saveError ? values : null) }} />
        <button type="submit" className="button" disabled={busy}>
          {t("common.save")}
        </button>
      </Form>
      <h2>{d.archived ? t("groups.unarchive") : t("groups.archive")}</h2>
      <p className="muted">{d.archived ? t("groups.unarchive.hint") : t("groups.archive.hint")}</p>
      {saveError ? null : <FormError error={error} />}
      <Form noValidate method="post">
        <input type="hidden" name="intent" value={d.archived ? "unarchive" : "archive"} />
        <button type="submit" className={`button ${d.archived ? "secondary" : "danger"}`}>
          {d.archived ? t("groups.unarchive") : t("groups.archive")}
        </button>
      </Form>
    </section>
  );
}
