import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useHydrated } from "~/components/hydrated";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { Field, FormError, useActionError } from "~/components/forms";
import { EMAIL_PATTERN } from "~/modules/text";
import { getViewer } from "~/modules/auth/session.server";
import { approvedOrganisationName, signup } from "~/modules/auth/accounts.server";
import { passwordProblem } from "~/modules/auth/password.server";
import { takeSignupAttempt } from "~/modules/auth/throttle.server";
import { ActionError } from "~/modules/errors";
import { formObject, parseForm, readForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { resolveLocale } from "~/modules/i18n/locale.server";
import { LEGAL_TYPES, ORG_SIZES, type LegalType, type OrgSize } from "~/modules/orgs/constants";
import { approvedOrgChoices } from "~/modules/orgs/queries.server";
import { isUuid } from "~/lib/ids";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.signup")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getViewer(request, context)) throw redirect("/");
  return { orgs: await approvedOrgChoices(context.db) };
}

const email = z.string().trim().max(254, "auth.error.emailInvalid").regex(EMAIL_PATTERN, "auth.error.emailInvalid");

// The password is judged against the person's own details too (name, email, organisation).
const schema = (orgName: string | null) =>
  z
    .object({
      name: z
        .string()
        .trim()
        .min(2, "auth.error.nameRequired")
        .max(120, "auth.error.nameRequired")
        .regex(/^[^\r\n<>]*$/, "auth.error.fieldInvalid"),
      email,
      password: z.string(),
      orgMode: z.enum(["existing", "new"], { message: "auth.error.orgRequired" }),
      orgId: z.string().optional(),
      newOrgName: z.string().trim().optional(),
      newOrgType: z.string().optional(),
      newOrgSize: z.string().optional(),
      newOrgCity: z.string().trim().max(80, "auth.error.fieldInvalid").optional(),
    })
    .superRefine((v, ctx) => {
      const pw = passwordProblem(v.password, { name: v.name, email: v.email, organisation: v.orgMode === "new" ? v.newOrgName : orgName });
      if (pw) ctx.addIssue({ code: "custom", path: ["password"], message: pw });
      if (v.orgMode === "existing") {
        if (!isUuid(v.orgId)) ctx.addIssue({ code: "custom", path: ["orgId"], message: "auth.error.orgRequired" });
      } else {
        if (!v.newOrgName || v.newOrgName.length < 2 || v.newOrgName.length > 160 || /[\r\n<>]/.test(v.newOrgName))
          ctx.addIssue({ code: "custom", path: ["newOrgName"], message: "auth.error.orgNameRequired" });
        if (!LEGAL_TYPES.includes(v.newOrgType as LegalType)) ctx.addIssue({ code: "custom", path: ["newOrgType"], message: "auth.error.fieldInvalid" });
        if (!ORG_SIZES.includes(v.newOrgSize as OrgSize)) ctx.addIssue({ code: "custom", path: ["newOrgSize"], message: "auth.error.fieldInvalid" });
      }
    });

// Carries Retry-After from the action to the document response.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 32 * 1024);
  const { password, ...values } = formObject(form); // the password is never echoed back
  const orgId = typeof values.orgId === "string" ? values.orgId : undefined;
  const orgName = values.orgMode === "existing" ? await approvedOrganisationName(context.db, orgId) : null;
  const parsed = parseForm({ ...values, password: password ?? "" }, schema(orgName));
  if (!parsed.ok) return actionError(parsed.error, { values });
  const v = parsed.data;
  // Counted before the password is hashed and any mail queued (per client and for the whole platform).
  const allowed = await takeSignupAttempt(context.db, context.clientIp);
  if (!allowed.ok) return actionError(new ActionError(429, "error.429.body", { seconds: allowed.retryAfterSeconds }), { values });
  const locale = await resolveLocale(request, null);
  try {
    await signup(context, {
      name: v.name,
      email: v.email,
      password: v.password,
      locale,
      org:
        v.orgMode === "existing"
          ? { mode: "existing", orgId: v.orgId! }
          : { mode: "new", name: v.newOrgName!, legalType: v.newOrgType as LegalType, size: v.newOrgSize as OrgSize, city: v.newOrgCity ?? "" },
    });
  } catch (err) {
    return actionError(err, { values });
  }
  // The same answer whether or not the address already has an account (its owner is mailed instead).
  return { done: true };
}

export default function Signup() {
  const t = useT();
  const { orgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { error, value } = useActionError();
  const done = !!result && !error;
  const busy = useNavigation().state === "submitting";
  const [mode, setMode] = useState<string>(value("orgMode") ?? "existing");
  const hydrated = useHydrated();

  if (done) {
    return (
      <section className="auth-card">
        <h1>{t("auth.signup.done.title")}</h1>
        <p role="status">{t("auth.signup.done.body")}</p>
        <p>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="auth-card wide">
      <h1>{t("auth.signup.title")}</h1>
      <FormError error={error} />
      <Form method="post" noValidate>
        <Field name="name" label={t("auth.name")} autoComplete="name" required defaultValue={value("name")} errors={error} maxLength={120} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required defaultValue={value("email")} errors={error} inputMode="email" />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="new-password" required hint={t("auth.password.hint")} errors={error} />
        <fieldset className="org-choice">
          <legend>{t("auth.signup.org")}</legend>
          <label className="radio">
            <input type="radio" name="orgMode" value="existing" checked={mode === "existing"} onChange={() => setMode("existing")} />
            {t("auth.signup.orgExisting")}
          </label>
          <div className="field-group" hidden={hydrated && mode !== "existing"}>
            <Field
              name="orgId"
              label={t("auth.signup.orgChoose")}
              defaultValue={value("orgId") ?? ""}
              errors={error}
              options={[{ value: "", label: "—" }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
            />
          </div>
          <label className="radio">
            <input type="radio" name="orgMode" value="new" checked={mode === "new"} onChange={() => setMode("new")} />
            {t("auth.signup.orgNew")}
          </label>
          <div className="field-group" hidden={hydrated && mode !== "new"}>
            <Field name="newOrgName" label={t("auth.signup.newOrgName")} defaultValue={value("newOrgName")} errors={error} maxLength={160} />
            <Field
              name="newOrgType"
              label={t("auth.signup.newOrgType")}
              defaultValue={value("newOrgType") ?? "manufacturer"}
              errors={error}
              options={LEGAL_TYPES.map((x) => ({ value: x, label: t(`org.type.${x}`) }))}
            />
            <Field
              name="newOrgSize"
              label={t("auth.signup.newOrgSize")}
              defaultValue={value("newOrgSize") ?? "sme"}
              errors={error}
              options={ORG_SIZES.map((x) => ({ value: x, label: t(`org.size.${x}`) }))}
            />
            <Field name="newOrgCity" label={t("auth.signup.newOrgCity")} defaultValue={value("newOrgCity")} errors={error} maxLength={80} />
          </div>
        </fieldset>
        <p className="muted" id="signup-privacy">
          {t("privacy.signupNotice")} <Link to="/privacy">{t("privacy.signupNotice.link")}</Link>.
        </p>
        <button type="submit" className="button" disabled={busy} aria-describedby="signup-privacy">
          {t("auth.signup.submit")}
        </button>
      </Form>
      <p>
        {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
