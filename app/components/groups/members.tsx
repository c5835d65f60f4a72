import { Form, Link } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDate } from "~/i18n/format";
import type { MemberItem } from "~/modules/groups/groups.server";

/** Members, leads first; leads and admins may hand over the lead or remove someone (never themselves here). */
export function GroupMembers({ here, members, manage, viewerId }: { here: string; members: { items: MemberItem[]; next: string | null }; manage: boolean; viewerId: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="page" id="members" aria-labelledby="members-h">
      <h2 id="members-h">{t("groups.members")}</h2>
      <ul className="list member-list">
        {members.items.map((m) => (
          <li key={m.personId}>
            <Link to={`/directory/people/${m.personId}`} className="member-name">
              {m.name}
            </Link>{" "}
            · {m.org}
            {m.role === "lead" ? (
              <>
                {" "}
                <span className="badge">{t("groups.role.lead")}</span>
              </>
            ) : null}{" "}
            <span className="muted">{t("groups.joinedAt", { date: formatDate(m.joinedAt, locale) })}</span>
            {manage && m.personId !== viewerId ? (
              <div className="button-row">
                {m.role !== "lead" ? <PersonButton intent="transferLead" personId={m.personId} label={t("groups.transferLead")} name={m.name} /> : null}
                <PersonButton intent="remove" personId={m.personId} label={t("groups.remove")} name={m.name} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {members.next ? (
        <nav className="pager" aria-label={t("groups.members")}>
          <span />
          <Link to={`${here}?members=${members.next}#members`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}

/** A one-button form about one person; the person's name completes the button's accessible name. */
export function PersonButton({ intent, personId, label, name }: { intent: string; personId: string; label: string; name: string }) {
  return (
    <Form noValidate method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="personId" value={personId} />
      <button type="submit" className="button small secondary">
        {label}
        <span className="visually-hidden"> — {name}</span>
      </button>
    </Form>
  );
}
