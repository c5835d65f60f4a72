import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useHydrated } from "~/components/hydrated";
import { z } from "zod";
import { useT } from "~/components/i18n";
import { Field, FormError, useErrorText } from "~/components/forms";
import { getViewer } from "~/modules/auth/session.server";
import { approvedOrganisationName, signup, FieldError } from "~/modules/auth/accounts.server";
import { passwordProblem } from "~/modules/auth/password.server";
import { takeSignupAttempt } from "~/modules/auth/throttle.server";
import { readForm, fieldErrors } from "~/modules/forms";
import { resolveLocale } from "~/modules/i18n/locale.server";
import { LEGAL_TYPES, ORG_SIZES } from "~/modules/orgs/constants";

export const meta: MetaFunction = () => [{ title: "Reģistrēties · Sign up" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getViewer(request, context)) throw redirect("/");
  const orgs = await context.db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where("status", "=", "approved")
    .orderBy("search_key")
    .limit(2000)
    .execute();
  return { orgs };
}

const email = z
  .string()
  .trim()
  .max(254, "auth.error.emailInvalid")
  .regex(/^[^\s@<>()"',;:\\]+@[^\s@<>()"',;:\\]+\.[^\s@<>()"',;:\\]{2,}$/, "auth.error.emailInvalid");

// The password is judged against the person's own details too (name, email, organisation).
const schema = (orgName: string | null) =>
  z
    .object({
      name: z.string().trim().min(2, "auth.error.nameRequired").max(120, "auth.error.nameRequired").regex(/^[^\r\n<>]*$/, "auth.error.fieldInvalid"),
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
        if (!v.orgId || !/^[0-9a-f-]{36}$/i.test(v.orgId)) ctx.addIssue({ code: "custom", path: ["orgId"], message: "auth.error.orgRequired" });
      } else {
        if (!v.newOrgName || v.newOrgName.length < 2 || v.newOrgName.length > 160 || /[\r\n<>]/.test(v.newOrgName))
          ctx.addIssue({ code: "custom", path: ["newOrgName"], message: "auth.error.orgNameRequired" });
        if (!LEGAL_TYPES.includes(v.newOrgType as any)) ctx.addIssue({ code: "custom", path: ["newOrgType"], message: "auth.error.fieldInvalid" });
        if (!ORG_SIZES.includes(v.newOrgSize as any)) ctx.addIssue({ code: "custom", path: ["newOrgSize"], message: "auth.error.fieldInvalid" });
      }
    });

// Carries Retry-After from the action to the document response.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, 32 * 1024);
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const { password: _pw, ...echo } = values;
  const orgName = values.orgMode === "existing" ? await approvedOrganisationName(context.db, values.orgId) : null;
  const parsed = schema(orgName).safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: echo, done: false, seconds: 0 }, { status: 400 });
  const v = parsed.data;
  // Counted before the password is hashed and any mail queued (per client and for the whole platform).
  const allowed = await takeSignupAttempt(context.db, context.clientIp);
  if (!allowed.ok) {
    return data(
      { errors: { _form: "error.429.body" } as Record<string, string>, values: echo, done: false, seconds: allowed.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(allowed.retryAfterSeconds) } },
    );
  }
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
          : { mode: "new", name: v.newOrgName!, legalType: v.newOrgType as any, size: v.newOrgSize as any, city: v.newOrgCity ?? "" },
    });
  } catch (err) {
    if (err instanceof FieldError) return data({ errors: { [err.field]: err.key }, values: echo, done: false, seconds: 0 }, { status: 400 });
    throw err;
  }
  // The same answer whether or not the address already has an account (its owner is mailed instead).
  return { errors: {} as Record<string, string>, values: echo, done: true, seconds: 0 };
}

export default function Signup() {
  const t = useT();
  const err = useErrorText();
  const { orgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? {};
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const [mode, setMode] = useState<string>(values.orgMode ?? "existing");
  const hydrated = useHydrated();

  if (result?.done) {
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
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <section className="auth-card wide">
      <h1>{t("auth.signup.title")}</h1>
      {errors._form ? <FormError code={errors._form} vars={{ seconds: result?.seconds ?? 0 }} /> : hasErrors ? <FormError code="error.400.title" /> : null}
      <Form method="post" noValidate>
        <Field name="name" label={t("auth.name")} autoComplete="name" required defaultValue={values.name} error={errors.name} maxLength={120} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required defaultValue={values.email} error={errors.email} inputMode="email" />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="new-password" required hint={t("auth.password.hint")} error={errors.password} />
        <fieldset className="org-choice">
          <legend>{t("auth.signup.org")}</legend>
          <label className="radio">
            <input type="radio" name="orgMode" value="existing" checked={mode === "existing"} onChange={() => setMode("existing")} />
            {t("auth.signup.orgExisting")}
          </label>
          <div className="field-group" hidden={hydrated && mode !== "existing"}>
            <div className={`field${errors.orgId ? " has-error" : ""}`}>
              <label htmlFor="f-orgId">{t("auth.signup.orgChoose")}</label>
              <select id="f-orgId" name="orgId" defaultValue={values.orgId ?? ""} aria-invalid={errors.orgId ? true : undefined} aria-describedby={errors.orgId ? "f-orgId-error" : undefined}>
                <option value="">—</option>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
              {errors.orgId ? (
                <p className="field-error" id="f-orgId-error">
                  {err(errors.orgId)}
                </p>
              ) : null}
            </div>
          </div>
          <label className="radio">
            <input type="radio" name="orgMode" value="new" checked={mode === "new"} onChange={() => setMode("new")} />
            {t("auth.signup.orgNew")}
          </label>
          <div className="field-group" hidden={hydrated && mode !== "new"}>
            <Field name="newOrgName" label={t("auth.signup.newOrgName")} defaultValue={values.newOrgName} error={errors.newOrgName} maxLength={160} />
            <div className={`field${errors.newOrgType ? " has-error" : ""}`}>
              <label htmlFor="f-newOrgType">{t("auth.signup.newOrgType")}</label>
              <select id="f-newOrgType" name="newOrgType" defaultValue={values.newOrgType ?? "manufacturer"}>
                {LEGAL_TYPES.map((x) => (
                  <option key={x} value={x}>
                    {t(`org.type.${x}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-newOrgSize">{t("auth.signup.newOrgSize")}</label>
              <select id="f-newOrgSize" name="newOrgSize" defaultValue={values.newOrgSize ?? "sme"}>
                {ORG_SIZES.map((x) => (
                  <option key={x} value={x}>
                    {t(`org.size.${x}`)}
                  </option>
                ))}
              </select>
            </div>
            <Field name="newOrgCity" label={t("auth.signup.newOrgCity")} defaultValue={values.newOrgCity} error={errors.newOrgCity} maxLength={80} />
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {t("auth.signup.submit")}
        </button>
      </Form>
      <p>
        {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
