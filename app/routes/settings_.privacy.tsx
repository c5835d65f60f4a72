import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { SettingsPage } from "~/components/settings-nav";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { cancelErasure, pendingErasure, requestErasure } from "~/modules/privacy/erasure.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.settings.privacy")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const pending = await pendingErasure(context.db, viewer.id);
  return { personId: viewer.id, pendingSince: pending ? pending.createdAt.toISOString() : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const form = await readForm(request, 2 * 1024);
  const intent = form.get("intent");
  try {
    if (intent === "erase") {
      await requestErasure(context, viewer, viewer.id);
      return redirect("/settings/privacy?done=requested");
    }
    if (intent === "cancel") {
      await cancelErasure(context, viewer, viewer.id);
      return redirect("/settings/privacy?done=cancelled");
    }
  } catch (err) {
    return actionError(err);
  }
  return actionError(new ActionError(400, "error.400.title"));
}

export default function PrivacySettings() {
  const t = useT();
  const locale = useLocale();
  const { personId, pendingSince } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  return (
    <SettingsPage>
      <h2>{t("privacy.settings.title")}</h2>
      <p>
        <Link to="/privacy">{t("privacy.settings.noticeLink")}</Link>
      </p>
      {done === "requested" ? <Notice>{t("privacy.erase.requested")}</Notice> : null}
      {done === "cancelled" ? <Notice>{t("privacy.erase.cancelled")}</Notice> : null}
      <FormError error={error} />

      <section className="card" aria-labelledby="privacy-export">
        <h3 id="privacy-export">{t("privacy.export.title")}</h3>
        <p>{t("privacy.export.body")}</p>
        <p>
          <a className="button" href={`/privacy/data/${personId}.json`} download>
            {t("privacy.export.button")}
          </a>
        </p>
      </section>

      <section className="card" aria-labelledby="privacy-erase">
        <h3 id="privacy-erase">{t("privacy.erase.title")}</h3>
        <p>{t("privacy.erase.body")}</p>
        {pendingSince ? (
          <>
            <p role="status">{t("privacy.erase.pending", { date: formatDateTime(pendingSince, locale) })}</p>
            <Form noValidate method="post">
              <button type="submit" name="intent" value="cancel" className="button secondary" disabled={busy}>
                {t("privacy.erase.cancel")}
              </button>
            </Form>
          </>
        ) : (
          <Form noValidate method="post">
            <button type="submit" name="intent" value="erase" className="button danger" disabled={busy}>
              {t("privacy.erase.button")}
            </button>
          </Form>
        )}
      </section>
    </SettingsPage>
  );
}
