// The sections of an event's attendee page (/events/:slug/manage): one status list, and the invitation forms.
import { Form, Link, useActionData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Field, FormError, Notice, useActionError } from "~/components/forms";
import { pickTitle } from "~/components/events";
import { formatDateTime } from "~/i18n/format";
import type { AttendanceStatus, EventStatus } from "~/modules/events/constants";
import type { AttendeeRow, GuestPreview } from "~/modules/events/invitations.server";

/** One status list (going, maybe, waitlisted, invited, declined) with each person's delivery state and a remove button. */
export function AttendeeTable({ tab, list, here }: { tab: AttendanceStatus; list: { items: AttendeeRow[]; next: string | null }; here: string }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      {list.items.length === 0 ? (
        <p className="muted">{t("events.manage.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="attendees">
            <caption className="visually-hidden">{t(`events.list.${tab}`)}</caption>
            <thead>
              <tr>
                {tab === "waitlisted" ? <th scope="col">{t("events.manage.position")}</th> : null}
                <th scope="col">{t("events.csv.name")}</th>
                <th scope="col">{t("events.manage.contact")}</th>
                <th scope="col">{t("events.csv.answered")}</th>
                <th scope="col">{t("events.csv.delivery")}</th>
                <th scope="col">{t("events.manage.action")}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r, i) => (
                <tr key={r.id} data-attendee={r.email}>
                  {tab === "waitlisted" ? <td>{i + 1}</td> : null}
                  <td>
                    {r.personId ? <Link to={`/directory/people/${r.personId}`}>{r.name}</Link> : r.name || r.email}
                    {r.guest ? (
                      <>
                        {" "}
                        <span className="badge">{t("events.manage.guest")}</span>
                      </>
                    ) : null}
                    {r.checkedInAt ? (
                      <>
                        {" "}
                        <span className="badge">{t("events.checkin.done")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {r.org ? (
                      <>
                        {r.org}
                        <br />
                      </>
                    ) : null}
                    <span className="muted">{r.email}</span>
                  </td>
                  <td>{r.respondedAt ? formatDateTime(r.respondedAt, locale) : <span className="muted">—</span>}</td>
                  <td data-delivery={r.delivery ?? "none"}>
                    {r.delivery ? t(`events.delivery.${r.delivery}`) : <span className="muted">—</span>}
                    {r.deliveryError ? <div className="error-cell">{r.deliveryError}</div> : null}
                  </td>
                  <td>
                    <Form noValidate method="post" className="inline">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="tab" value={tab} />
                      <input type="hidden" name="attendanceId" value={r.id} />
                      <button type="submit" className="button small secondary" disabled={busy}>
                        {t("events.manage.remove")}
                        <span className="visually-hidden"> — {r.name || r.email}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.next ? (
        <nav className="pager" aria-label={t(`events.list.${tab}`)}>
          <span />
          <Link to={`${here}?status=${tab}&after=${list.next}`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </>
  );
}

export interface InviteChoices {
  status: EventStatus;
  tab: AttendanceStatus;
  groups: { id: string; nameLv: string; nameEn: string }[];
  orgs: { id: string; name: string }[];
  q: string;
  found: { id: string; name: string; org: string; invited: boolean }[];
}

/** Invite a working group, an organisation, members found by name, or guests by address; each form shows its own refusal. */
export function InviteSection({ d, here }: { d: InviteChoices; here: string }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  // A new key after each navigation empties the invite forms once they were sent (a refusal keeps what was typed).
  const formKey = useLocation().key;
  const { error, intent, value } = useActionError();
  const errorFor = (i: string) => (error && intent === i ? error : null);
  const invited = params.get("invited");
  const guestErr = errorFor("inviteGuests") ?? errorFor("previewGuests");
  const preview = (useActionData() as { preview?: { guests: GuestPreview[]; list: string } } | undefined)?.preview;
  return (
    <section className="page" id="invite" aria-labelledby="invite-h">
      <h2 id="invite-h">{t("events.invite.title")}</h2>
      <p className="muted">{d.status === "draft" ? t("events.invite.draftHint") : t("events.invite.hint")}</p>
      {invited !== null ? <Notice>{t("events.invite.done", { invited: Number(invited), skipped: Number(params.get("skipped") ?? 0), merged: Number(params.get("merged") ?? 0) })}</Notice> : null}
      <div className="invite-forms">
        <Form noValidate method="post" className="card">
          <input type="hidden" name="intent" value="inviteGroup" />
          <FormError code={errorFor("inviteGroup")?.key} vars={errorFor("inviteGroup")?.vars} />
          <div className="field">
            <label htmlFor="f-groupId">{t("events.invite.group")}</label>
            <select id="f-groupId" name="groupId" required>
              <option value="">—</option>
              {d.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {pickTitle(locale, g.nameLv, g.nameEn)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button small" disabled={busy}>
            {t("events.invite.send")}
          </button>
        </Form>
        <Form noValidate method="post" className="card">
          <input type="hidden" name="intent" value="inviteOrg" />
          <FormError code={errorFor("inviteOrg")?.key} vars={errorFor("inviteOrg")?.vars} />
          <div className="field">
            <label htmlFor="f-orgId">{t("events.invite.organisation")}</label>
            <select id="f-orgId" name="orgId" required>
              <option value="">—</option>
              {d.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button small" disabled={busy}>
            {t("events.invite.send")}
          </button>
        </Form>
      </div>

      <div className="card">
        <Form noValidate method="get" role="search" aria-label={t("events.invite.people")} action={`${here}#invite`}>
          <input type="hidden" name="status" value={d.tab} />
          <div className="field">
            <label htmlFor="f-q">{t("events.invite.people")}</label>
            <input id="f-q" name="q" type="search" defaultValue={d.q} maxLength={80} aria-describedby="f-q-hint" />
            <p className="hint" id="f-q-hint">
              {t("events.invite.peopleHint")}
            </p>
          </div>
          <button type="submit" className="button small secondary">
            {t("common.search")}
          </button>
        </Form>
        {d.q ? (
          d.found.length ? (
            <Form noValidate method="post">
              <input type="hidden" name="intent" value="invitePeople" />
              <FormError code={errorFor("invitePeople")?.key} />
              <fieldset>
                <legend>{t("events.invite.results")}</legend>
                {d.found.map((p) => (
                  <label key={p.id} className="checkbox">
                    <input type="checkbox" name="personId" value={p.id} disabled={p.invited} />
                    {p.name} <span className="muted">· {p.org}</span>
                    {p.invited ? <span className="badge">{t("events.invite.already")}</span> : null}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="button small" disabled={busy}>
                {t("events.invite.send")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("events.invite.noResults")}</p>
          )
        ) : null}
      </div>

      {preview && !guestErr ? (
        <GuestReview preview={preview} here={here} busy={busy} />
      ) : (
        <Form noValidate method="post" className="card" key={formKey}>
          {/* Step 1: the list; step 2 (GuestReview) sets each guest's language before anything is sent. */}
          <input type="hidden" name="intent" value="previewGuests" />
          <Field
            name="guests"
            label={t("events.invite.guests")}
            multiline
            defaultValue={guestErr ? (value("guests") ?? "") : ""}
            hint={t("events.invite.guestsHint")}
            error={guestErr?.key}
            errorVars={guestErr?.vars}
          />
          <button type="submit" className="button small" disabled={busy}>
            {t("events.invite.review")}
          </button>
        </Form>
      )}
    </section>
  );
}

/** The guest list's review step: each guest with their invitation language (a select per guest), then send. */
function GuestReview({ preview, here, busy }: { preview: { guests: GuestPreview[]; list: string }; here: string; busy: boolean }) {
  const t = useT();
  return (
    <Form noValidate method="post" className="card" aria-labelledby="guest-review-h">
      <input type="hidden" name="intent" value="inviteGuests" />
      <input type="hidden" name="guests" value={preview.list} />
      <h3 id="guest-review-h">{t("events.invite.reviewTitle")}</h3>
      <p className="hint">{t("events.invite.reviewHint")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("events.invite.guest")}</th>
              <th scope="col">{t("events.invite.guestLocale")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.guests.map((g, i) => (
              <tr key={g.email}>
                <td>
                  {g.name ? (
                    <>
                      {g.name}
                      <br />
                    </>
                  ) : null}
                  <span className="muted">{g.email}</span>
                </td>
                <td>
                  {g.member ? (
                    <span className="muted">{t("events.invite.memberOwnLanguage")}</span>
                  ) : (
                    <>
                      <label htmlFor={`f-lang-${i}`} className="visually-hidden">
                        {t("events.invite.guestLocaleFor", { address: g.email })}
                      </label>
                      <select id={`f-lang-${i}`} name={`lang:${g.email}`} defaultValue={g.locale}>
                        <option value="lv">{t("events.language.lv")}</option>
                        <option value="en">{t("events.language.en")}</option>
                      </select>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button type="submit" className="button small" disabled={busy}>
          {t("events.invite.send")}
        </button>
        <Link to={`${here}#invite`} className="button small secondary">
          {t("events.invite.changeList")}
        </Link>
      </div>
    </Form>
  );
}
