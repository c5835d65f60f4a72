import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { Field, FormError, fieldProblem, useActionError } from "~/components/forms";
import { PostField } from "~/components/threads";
import { pickLang } from "~/components/groups";
import { requireMember } from "~/modules/auth/guards.server";
import { randomToken } from "~/modules/auth/session.server";
import { assertCan, notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { createThread, THREAD_LIMITS } from "~/modules/threads/threads.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.groups.slug.threads.new")];

async function load(request: Request, slug: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: slug ?? "" });
  if (!a || !a.may.view) notFound();
  assertCan(viewer, { action: "group.post", group: a.facts });
  return { viewer, a };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  return {
    slug: a.group.slug,
    groupName: pickLang(viewer.locale, a.group.name_lv, a.group.name_en).text,
    clientId: randomToken(12),
    titleMax: THREAD_LIMITS.titleMax,
  };
}

const NewThreadSchema = z.object({ title: z.string().default(""), body: z.string().default(""), clientId: z.string().optional() });

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  // Room for a 20,000-character post in multi-byte UTF-8, URL-encoded.
  const form = await readForm(request, 512 * 1024);
  const values = formObject(form);
  // Title and body are checked by createThread (their limits and messages are the threads module's).
  const parsed = parseForm(form, NewThreadSchema);
  if (!parsed.ok) return actionError(parsed.error, { values });
  let threadId: string;
  try {
    ({ threadId } = await createThread(context, viewer, { subjectType: "group", subjectId: a.group.id, ...parsed.data }));
  } catch (err) {
    return actionError(err, { values });
  }
  return redirect(`/groups/${a.group.slug}/threads/${threadId}`);
}

export default function NewThread() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const { error, value } = useActionError();
  const bodyProblem = fieldProblem(error, "body");
  const busy = useNavigation().state === "submitting";
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/groups">{t("nav.groups")}</Link> › <Link to={`/groups/${d.slug}`}>{d.groupName}</Link>
      </p>
      <h1>{t("threads.new")}</h1>
      <FormError error={error} />
      <Form method="post" noValidate>
        <input type="hidden" name="clientId" value={d.clientId} />
        <Field name="title" label={t("threads.form.title")} required maxLength={d.titleMax} defaultValue={value("title")} errors={error} />
        <PostField label={t("threads.form.firstPost")} defaultValue={value("body")} error={bodyProblem?.key} errorVars={bodyProblem?.vars} />
        <button type="submit" className="button" disabled={busy}>
          {t("threads.form.start")}
        </button>
      </Form>
    </section>
  );
}
