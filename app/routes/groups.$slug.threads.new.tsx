import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { Field, FormError } from "~/components/forms";
import { PostField } from "~/components/threads";
import { pickLang } from "~/components/groups";
import { requireMember } from "~/modules/auth/guards.server";
import { randomToken } from "~/modules/auth/session.server";
import { notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { createThread, THREAD_LIMITS } from "~/modules/threads/threads.server";

export const meta: MetaFunction = () => [{ title: "Jauna tēma · New topic" }];

async function load(request: Request, slug: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: slug ?? "" });
  if (!a || !a.may.view) notFound();
  if (!a.may.post) throw new Response("Forbidden", { status: 403 });
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

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params.slug, context);
  // Room for a 20,000-character post in multi-byte UTF-8, URL-encoded.
  const form = await readForm(request, 512 * 1024);
  const title = String(form.get("title") ?? "");
  const body = String(form.get("body") ?? "");
  try {
    const r = await createThread(context, viewer, { subjectType: "group", subjectId: a.group.id, title, body, clientId: form.get("clientId") });
    return redirect(`/groups/${a.group.slug}/threads/${r.threadId}`);
  } catch (err) {
    if (err instanceof ActionError) {
      return data(
        { error: err.key, field: err.field ?? null, vars: err.vars, title, body },
        { status: err.status, headers: err.status === 429 ? { "Retry-After": String(err.vars.seconds ?? 60) } : undefined },
      );
    }
    throw err;
  }
}

export default function NewThread() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/groups">{t("nav.groups")}</Link> › <Link to={`/groups/${d.slug}`}>{d.groupName}</Link>
      </p>
      <h1>{t("threads.new")}</h1>
      {result && !result.field ? <FormError code={result.error} vars={result.vars} /> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="clientId" value={d.clientId} />
        <Field name="title" label={t("threads.form.title")} required maxLength={d.titleMax} defaultValue={result?.title} error={result?.field === "title" ? result.error : undefined} />
        <PostField label={t("threads.form.firstPost")} defaultValue={result?.body} error={result?.field === "body" ? result.error : undefined} errorVars={result?.vars} />
        <button type="submit" className="button" disabled={busy}>
          {t("threads.form.start")}
        </button>
      </Form>
    </section>
  );
}
