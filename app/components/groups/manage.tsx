// The leads' sections of a group page: join requests, removed people, invitations.
import { Form } from "@remix-run/react";
import { Field, type ActionErrorBody } from "~/components/forms";
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
              <Form noValidate method="post" className="inline">
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
  errors,
}: {
  invites: InviteItem[];
  orgs: { id: string; name: string }[];
  /** The last action's error: a refused invitation shows next to its field. */
  errors: ActionErrorBody | null;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="page" id="invites" aria-labelledby="invites-h">
      <h2 id="invites-h">{t("groups.invites")}</h2>
      {invites.length ? (
        <ul className="list">
          {invites.map((i) => (
            <li key={i.id}>
              {i.person ?? t("groups.invites.org", { org: i.org ?? "" })} <span className="muted">{formatDate(i.createdAt, locale)}</span>{" "}
              <Form noValidate method="post" className="inline">
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
        <Form noValidate method="post" className="card">
          <input type="hidden" name="intent" value="invitePerson" />
          <Field name="who" label={t("groups.invites.person")} hint={t("groups.invites.personHint")} required maxLength={254} errors={errors} />
          <button type="submit" className="button small">
            {t("groups.invites.send")}
          </button>
        </Form>
        <Form noValidate method="post" className="card">
          <input type="hidden" name="intent" value="inviteOrg" />
          <Field name="orgId" label={t("groups.invites.organisation")} required options={[{ value: "", label: "—" }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]} errors={errors} />
          <button type="submit" className="button small">
            {t("groups.invites.send")}
          </button>
        </Form>
      </div>
    </section>
  );
}
