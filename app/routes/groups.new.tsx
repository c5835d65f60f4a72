import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormError } from "~/components/forms";
import { CompetitionAck, GroupFields } from "~/components/groups";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { createGroup, GroupInputSchema } from "~/modules/groups/groups.server";
import { ActionError } from "~/modules/errors";
import { fieldErrors, readForm } from "~/modules/forms";

export const meta: MetaFunction = () => [{ title: "Jauna darba grupa · New working group" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "group.create" });
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "group.create" });
  const form = await readForm(request, 64 * 1024);
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = GroupInputSchema.safeParse(values);
  const ack = form.get("ack") === "yes";
  if (!parsed.success || !ack) {
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    if (!ack) errors.ack = "groups.error.ackRequired";
    return data({ errors, values }, { status: 400 });
  }
  try {
    const g = await createGroup(context, viewer, parsed.data, ack);
    return redirect(`/groups/${g.slug}`);
  } catch (err) {
    if (err instanceof ActionError) return data({ errors: { [err.field ?? "_form"]: err.key } as Record<string, string>, values }, { status: err.status });
    throw err;
  }
}

export default function NewGroup() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <section className="page narrow">
      <p>
        <Link to="/groups">← {t("nav.groups")}</Link>
      </p>
      <h1>{t("groups.create")}</h1>
      {Object.keys(errors).length ? <FormError code={errors._form ?? "error.400.title"} /> : null}
      <Form method="post" noValidate>
        <GroupFields values={result?.values ?? {}} errors={errors} />
        <CompetitionAck error={errors.ack} />
        <button type="submit" className="button" disabled={busy}>
          {t("groups.create.submit")}
        </button>
      </Form>
    </section>
  );
}
