import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { formatDateTime } from "~/i18n/format";
import { isUuid } from "~/lib/ids";
import { requireMember } from "~/modules/auth/guards.server";
import { ActionError } from "~/modules/errors";
import { parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { confirmErasure, listPendingErasures } from "~/modules/privacy/erasure.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.admin.erasure")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const items = await listPendingErasures(context.db, viewer);
  return { items: items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) };
}

const Schema = z.object({
  intent: z.literal("confirm", { message: "error.400.title" }),
  requestId: z.string({ message: "error.400.title" }).refine(isUuid, "error.400.title"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const form = await readForm(request, 2 * 1024);
  const parsed = parseForm(form, Schema);
  if (!parsed.ok) return actionError(new ActionError(400, "error.400.title"));
  try {
    await confirmErasure(context, viewer, parsed.data.requestId);
  } catch (err) {
    return actionError(err);
  }
  return redirect("/admin/erasure?done=1");
}

export default function AdminErasure() {
  const t = useT();
  const locale = useLocale();
  const { items } = useLoaderData<typeof loader>();
  const { error } = useActionError();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("privacy.admin.title")}</h1>
      <p>{t("privacy.admin.intro")}</p>
      {params.get("done") ? <Notice>{t("privacy.admin.done")}</Notice> : null}
      <FormError error={error} />
      {items.length === 0 ? (
        <p>{t("privacy.admin.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("privacy.admin.col.person")}</th>
                <th scope="col">{t("privacy.admin.col.org")}</th>
                <th scope="col">{t("privacy.admin.col.requested")}</th>
                <th scope="col">{t("privacy.admin.col.action")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <strong>{r.name}</strong>
                    <br />
                    <span className="muted">{r.email}</span>
                  </td>
                  <td>{r.orgName}</td>
                  <td>{formatDateTime(r.createdAt, locale)}</td>
                  <td>
                    <Form noValidate method="post">
                      <input type="hidden" name="requestId" value={r.id} />
                      <button type="submit" name="intent" value="confirm" className="button danger small" disabled={busy} aria-label={t("privacy.admin.confirmFor", { name: r.name })}>
                        {t("privacy.admin.confirm")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
