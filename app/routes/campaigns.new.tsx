import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormError } from "~/components/forms";
import { CampaignFields } from "~/components/campaigns";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { CampaignInputSchema, coordinatorChoices, createCampaign } from "~/modules/campaigns/campaigns.server";
import { ActionError } from "~/modules/errors";
import { fieldErrors, readForm } from "~/modules/forms";

export const meta: MetaFunction = () => [{ title: "Jauna kampaņa · New campaign" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "campaign.create" });
  return { coordinators: await coordinatorChoices(context.db), me: viewer.id };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "campaign.create" });
  const form = await readForm(request, 64 * 1024);
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = CampaignInputSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    const c = await createCampaign(context, viewer, parsed.data);
    return redirect(`/campaigns/${c.slug}?done=created`);
  } catch (err) {
    if (err instanceof ActionError) return data({ errors: { [err.field ?? "_form"]: err.key } as Record<string, string>, values }, { status: err.status });
    throw err;
  }
}

export default function NewCampaign() {
  const t = useT();
  const { coordinators, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/campaigns">{t("nav.campaigns")}</Link>
      </p>
      <h1>{t("campaigns.create")}</h1>
      <p className="muted">{t("campaigns.create.intro")}</p>
      {Object.keys(errors).length ? <FormError code={errors._form ?? "campaigns.error.checkForm"} /> : null}
      <Form method="post" noValidate>
        <CampaignFields values={{ coordinatorId: me, ...(result?.values ?? {}) }} errors={errors} coordinators={coordinators} />
        <button type="submit" className="button" disabled={busy}>
          {t("campaigns.create.submit")}
        </button>
      </Form>
    </section>
  );
}
