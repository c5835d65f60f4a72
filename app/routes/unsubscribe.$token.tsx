import { pageTitle } from "~/i18n/meta";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { readForm } from "~/modules/forms";
import { unsubscribeRequest, unsubscribeTarget } from "~/modules/notifications/unsubscribe-page.server";

// One-click unsubscribe (RFC 8058): no login, the signed token names the person and the category. GET only asks;
// the POST (this page's button, or the mail client's `List-Unsubscribe=One-Click`) is the only thing that changes
// anything. A forged or expired token shows a page saying so and changes nothing.

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.unsubscribe.token"), { name: "robots", content: "noindex" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return unsubscribeTarget(context, params.token);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request, 1024);
  const result = await unsubscribeRequest(context, params.token);
  return data(result, { status: result.ok ? 200 : 400 });
}

function whatKey(category: string): MessageKey {
  return (category.startsWith("digest_") ? `unsubscribe.what.${category}` : `notify.type.${category}`) as MessageKey;
}

export default function Unsubscribe() {
  const t = useT();
  const target = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <section className="page narrow">
      <h1>{t("unsubscribe.title")}</h1>
      {!target.ok ? (
        <p className="notice" role="alert">
          {t(target.reason === "expired" ? "unsubscribe.expired" : "unsubscribe.invalid")}
        </p>
      ) : done && done.ok ? (
        <p className="notice" role="status">
          {t("unsubscribe.done", { what: t(whatKey(target.category)) })}
        </p>
      ) : (
        <Form noValidate method="post">
          <p>{t("unsubscribe.confirm", { email: target.email, what: t(whatKey(target.category)) })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="button">
            {t("unsubscribe.button")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/settings/notifications">{t("unsubscribe.manage")}</Link>
      </p>
    </section>
  );
}
