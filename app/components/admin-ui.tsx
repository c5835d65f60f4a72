import { Form, Link, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n";

/** Keyset pager: "next page" carries the cursor in `param`; other query parameters (search, filters) stay. */
export function Pager({ next, param = "after" }: { next: string | null; param?: string }) {
  const t = useT();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const hasCursor = params.has(param);
  if (!next && !hasCursor) return null;
  const to = (cursor: string | null) => {
    const p = new URLSearchParams(params);
    if (cursor) p.set(param, cursor);
    else p.delete(param);
    const s = p.toString();
    return s ? `?${s}` : location.pathname;
  };
  return (
    <nav className="pager" aria-label={t("admin.pager")}>
      {hasCursor ? <Link to={to(null)}>{t("admin.firstPage")}</Link> : <span />}
      {next ? (
        <Link to={to(next)} rel="next">
          {t("common.next")}
        </Link>
      ) : null}
    </nav>
  );
}

export function DateTime({ iso }: { iso: string }) {
  const locale = useLocale();
  return <time dateTime={iso}>{formatDateTime(iso, locale)}</time>;
}

/** A one-select form that posts `intent`, `personId` and `role`; works without JavaScript. */
export function RoleForm(props: { intent: string; personId: string; value: string; options: { value: string; label: string }[]; label: string; busy?: boolean }) {
  const t = useT();
  const id = `${props.intent}-${props.personId}`;
  return (
    <Form noValidate method="post" className="role-form" preventScrollReset>
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="personId" value={props.personId} />
      <label htmlFor={id} className="visually-hidden">
        {props.label}
      </label>
      {/* keyed by the stored value: after a save the select shows what the database holds */}
      <select id={id} name="role" defaultValue={props.value} key={props.value}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {/* the accessible name starts with the visible text and says which person and role it saves */}
      <button type="submit" className="button small secondary" disabled={props.busy} aria-label={`${t("common.save")}: ${props.label}`}>
        {t("common.save")}
      </button>
    </Form>
  );
}

export function statusKey(status: string): MessageKey {
  return `admin.outbox.status.${status}` as MessageKey;
}
