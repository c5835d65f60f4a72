import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { getViewer } from "~/modules/auth/session.server";
import { privacyContact } from "~/modules/privacy/contact";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.privacy")];

/** The privacy notice (GDPR art. 13), public: linked from the footer and the signup form. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  return { contact: privacyContact(context.config), signedIn: !!viewer };
}

export default function Privacy() {
  const t = useT();
  const { contact, signedIn } = useLoaderData<typeof loader>();
  const mail = <a href={`mailto:${contact.controllerEmail}`}>{contact.controllerEmail}</a>;
  return (
    <article className="page privacy">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>

      <h2>{t("privacy.controller.title")}</h2>
      <p>{t("privacy.controller.body", { name: contact.controllerName, address: contact.controllerAddress })}</p>
      <p>
        {t("privacy.controller.contact")} {mail}
      </p>

      <h2>{t("privacy.data.title")}</h2>
      <ul>
        <li>{t("privacy.data.account")}</li>
        <li>{t("privacy.data.profile")}</li>
        <li>{t("privacy.data.activity")}</li>
        <li>{t("privacy.data.technical")}</li>
      </ul>

      <h2>{t("privacy.purpose.title")}</h2>
      <ul>
        <li>{t("privacy.purpose.service")}</li>
        <li>{t("privacy.purpose.security")}</li>
        <li>{t("privacy.purpose.mail")}</li>
      </ul>

      <h2>{t("privacy.retention.title")}</h2>
      <p>{t("privacy.retention.body")}</p>

      <h2>{t("privacy.recipients.title")}</h2>
      <ul>
        <li>{t("privacy.recipients.members")}</li>
        <li>{t("privacy.recipients.mail", { provider: contact.mailProvider })}</li>
        <li>{t("privacy.recipients.none")}</li>
      </ul>

      <h2>{t("privacy.rights.title")}</h2>
      <ul>
        <li>{t("privacy.rights.access")}</li>
        <li>{t("privacy.rights.rectification")}</li>
        <li>{t("privacy.rights.erasure")}</li>
        <li>
          {t("privacy.rights.objection")} {mail}
        </li>
        <li>
          {t("privacy.rights.complaint")} <a href="https://www.dvi.gov.lv">www.dvi.gov.lv</a>.
        </li>
      </ul>
      {signedIn ? (
        <p>
          <Link to="/settings/privacy">{t("privacy.rights.settingsLink")}</Link>
        </p>
      ) : null}
    </article>
  );
}
