// The leads' sections of a group page: join requests, removed people, invitations.
import { Form } from "@remix-run/react";
import { useErrorText } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import { formatDate, formatDateTime } from "~/i18n/format";
import type { ExclusionItem, InviteItem, RequestItem } from "~/modules/groups/groups.server";
import { PersonButton } from "./members";

export function GroupRequests({ requests }: { requests: RequestItem[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="page" id="requests" aria-labelledby="requests-h">
      <h2 id="requests-h">{t("groups.requests")}</h2>
      {requests.length === 0 ? <p className="muted">{t("groups.requests.none")}</p> : null}
      <ul className="list">
        {requests.map((r) => (
          <li key={r.id}>
            <strong>{r.name}</strong> · {r.org} <span className="muted">{formatDateTime(r.createdAt, locale)}</span>
            <div className="button-row">
              <Form method="post" className="inline">
                <input type="hidden" name="requestId" value={r.id} />
                <button type="submit" name="intent" value="approve" className="button small">
                  {t("groups.requests.approve")}
                  <span className="visually-hidden"> — {r.name}</span>
                </button>{" "}
                <button type="submit" name="intent" value="decline" className="button small secondary">
                  {t("groups.requests.decline")}
                  <span className="visually-hidden"> — {r.name}</span>
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function GroupExclusions({ excluded }: { excluded: ExclusionItem[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="page" id="removed" aria-labelledby="removed-h">
      <h2 id="removed-h">{t("groups.excluded")}</h2>
      <p className="muted">{t("groups.excluded.hint")}</p>
      <ul className="list">
        {excluded.map((x) => (
          <li key={x.personId}>
            <strong>{x.name}</strong> · {x.org}{" "}
            <span className="muted">{x.by ? t("groups.excluded.byOn", { name: x.by, date: formatDate(x.createdAt, locale) }) : formatDate(x.createdAt, locale)}</span>{" "}
            <PersonButton intent="liftExclusion" personId={x.personId} label={t("groups.excluded.lift")} name={x.name} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Open invitations (withdrawable) and the two ways to invite: a person by email or @handle, or a whole organisation. */
export function GroupInvites({
  invites,
  orgs,
  fieldError,
}: {
  invites: InviteItem[];
  orgs: { id: string; name: string }[];
  /** The refusal of the last invite, when it is about one of these fields. */
  fieldError: { field: string | null; error: string } | undefined;
}) {
  const t = useT();
  const locale = useLocale();
  const err = useErrorText();
  const whoError = fieldError?.field === "who" ? fieldError.error : undefined;
  const orgError = fieldError?.field === "orgId" ? fieldError.error : undefined;
  return (
    <section className="page" id="invites" aria-labelledby="invites-h">
      <h2 id="invites-h">{t("groups.invites")}</h2>
      {invites.length ? (
        <ul className="list">
          {invites.map((i) => (
            <li key={i.id}>
              {i.person ?? t("groups.invites.org", { org: i.org ?? "" })} <span className="muted">{formatDate(i.createdAt, locale)}</span>{" "}
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="withdrawInvite" />
                <input type="hidden" name="inviteId" value={i.id} />
                <button type="submit" className="button small secondary">
                  {t("groups.invites.withdraw")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("groups.invites.none")}</p>
      )}
      <div className="invite-forms">
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="invitePerson" />
          <div className={`field${whoError ? " has-error" : ""}`}>
            <label htmlFor="f-who">{t("groups.invites.person")}</label>
            <input id="f-who" name="who" required maxLength={254} aria-describedby={`f-who-hint${whoError ? " f-who-error" : ""}`} />
            <p className="hint" id="f-who-hint">
              {t("groups.invites.personHint")}
            </p>
            {whoError ? (
              <p className="field-error" id="f-who-error">
                {err(whoError)}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button small">
            {t("groups.invites.send")}
          </button>
        </Form>
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="inviteOrg" />
          <div className={`field${orgError ? " has-error" : ""}`}>
            <label htmlFor="f-orgId">{t("groups.invites.organisation")}</label>
            <select id="f-orgId" name="orgId" required>
              <option value="">—</option>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            {orgError ? <p className="field-error">{err(orgError)}</p> : null}
          </div>
          <button type="submit" className="button small">
            {t("groups.invites.send")}
          </button>
        </Form>
      </div>
    </section>
  );
}
