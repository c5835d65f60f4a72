import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormError } from "~/components/forms";
import { GroupFields } from "~/components/groups";
import { requireMember } from "~/modules/auth/guards.server";
import { notFound } from "~/modules/policy/authorize.server";
import { groupAccess } from "~/modules/groups/access.server";
import { GroupInputSchema, setArchived, updateGroup } from "~/modules/groups/groups.server";
import { ActionError } from "~/modules/errors";
import { fieldErrors, readForm } from "~/modules/forms";

export const meta: MetaFunction = () => [{ title: "Rediģēt darba grupu · Edit working group" }];

async function load(request: Request, params: { slug?: string }, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const a = await groupAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a || !a.may.view) notFound();
  if (!a.may.manage) throw new Response("Forbidden", { status: 403 });
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
      tags: g.tags.join(", "),
      visibility: g.visibility,
      joinPolicy: g.join_policy,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, a } = await load(request, params, context);
  const form = await readForm(request, 64 * 1024);
  const intent = form.get("intent");
  const here = `/groups/${a.group.slug}`;
  if (intent === "archive" || intent === "unarchive") {
    await setArchived(context, viewer, a.group.id, intent === "archive");
    return redirect(here);
  }
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = GroupInputSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    await updateGroup(context, viewer, a.group.id, parsed.data);
  } catch (err) {
    if (err instanceof ActionError) return data({ errors: { [err.field ?? "_form"]: err.key } as Record<string, string>, values }, { status: err.status });
    throw err;
  }
  return redirect(here);
}

export default function EditGroup() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <section className="page narrow">
      <p>
        <Link to={`/groups/${d.slug}`}>← {d.values.nameLv}</Link>
      </p>
      <h1>{t("groups.edit")}</h1>
      {Object.keys(errors).length ? <FormError code={errors._form ?? "error.400.title"} /> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <GroupFields values={result?.values ?? d.values} errors={errors} />
        <button type="submit" className="button" disabled={busy}>
          {t("common.save")}
        </button>
      </Form>
      <h2>{d.archived ? t("groups.unarchive") : t("groups.archive")}</h2>
      <p className="muted">{d.archived ? t("groups.unarchive.hint") : t("groups.archive.hint")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value={d.archived ? "unarchive" : "archive"} />
        <button type="submit" className={`button ${d.archived ? "secondary" : "danger"}`}>
          {d.archived ? t("groups.unarchive") : t("groups.archive")}
        </button>
      </Form>
    </section>
  );
}
