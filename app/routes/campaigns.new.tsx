import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormError, useActionError } from "~/components/forms";
import { CampaignFields, firstValues } from "~/components/campaigns";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { CampaignInputSchema, coordinatorChoices, createCampaign } from "~/modules/campaigns/campaigns.server";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.campaigns.new")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "campaign.create" });
  return { coordinators: await coordinatorChoices(context.db), me: viewer.id };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "campaign.create" });
  const form = await readForm(request, 64 * 1024);
  const values = formObject(form);
  const parsed = parseForm(form, CampaignInputSchema);
  if (!parsed.ok) return actionError(parsed.error, { values });
  try {
    const c = await createCampaign(context, viewer, parsed.data);
    return redirect(`/campaigns/${c.slug}?done=created`);
  } catch (err) {
    return actionError(err, { values });
  }
}

export default function NewCampaign() {
  const t = useT();
  const { coordinators, me } = useLoaderData<typeof loader>();
  const { error, values } = useActionError();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="page narrow">
      <p className="breadcrumb">
        <Link to="/campaigns">{t("nav.campaigns")}</Link>
      </p>
      <h1>{t("campaigns.create")}</h1>
      <p className="muted">{t("campaigns.create.intro")}</p>
      <FormError error={error} summary="campaigns.error.checkForm" />
      <Form method="post" noValidate>
        <CampaignFields values={{ coordinatorId: me, ...firstValues(values) }} errors={error} coordinators={coordinators} />
        <button type="submit" className="button" disabled={busy}>
          {t("campaigns.create.submit")}
        </button>
      </Form>
    </section>
  );
}
