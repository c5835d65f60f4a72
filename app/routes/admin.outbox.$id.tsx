import { pageTitle } from "~/i18n/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { DateTime, statusKey } from "~/components/admin-ui";
import { formatNumber } from "~/i18n/format";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";
import { getOutboxMessage } from "~/modules/mail/outbox-view.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.admin.outbox.id")];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "outbox.view" });
  const message = await getOutboxMessage(context.db, viewer, params.id ?? "");
  return { message };
}

export default function OutboxMessage() {
  const t = useT();
  const locale = useLocale();
  const { message: m } = useLoaderData<typeof loader>();
  const p = m.parsed;
  return (
    <>
      <p>
        <Link to="/admin/outbox">← {t("admin.outbox.back")}</Link>
      </p>
      <h1>{p?.subject ?? m.subject ?? t("admin.outbox.notRendered", { template: m.template })}</h1>
      <section aria-labelledby="mail-facts">
        <h2 id="mail-facts">{t("admin.outbox.facts")}</h2>
        <dl className="facts">
          <dt>{t("admin.outbox.col.status")}</dt>
          <dd>
            <span className={`badge status-${m.status}`}>{t(statusKey(m.status))}</span>
          </dd>
          <dt>{t("admin.outbox.from")}</dt>
          <dd>{p?.from ?? "—"}</dd>
          <dt>{t("admin.outbox.to")}</dt>
          <dd>{p?.to ?? (m.toName ? `${m.toName} <${m.to}>` : m.to)}</dd>
          <dt>{t("admin.outbox.subject")}</dt>
          <dd>{p?.subject ?? m.subject ?? "—"}</dd>
          <dt>{t("admin.outbox.col.created")}</dt>
          <dd>
            <DateTime iso={m.createdAt} />
          </dd>
          {m.sentAt ? (
            <>
              <dt>{t("admin.outbox.sentAt")}</dt>
              <dd>
                <DateTime iso={m.sentAt} />
              </dd>
            </>
          ) : null}
          <dt>{t("admin.outbox.col.attempts")}</dt>
          <dd>{m.attempts}</dd>
          {m.lastError ? (
            <>
              <dt>{t("admin.outbox.col.error")}</dt>
              <dd className="error-cell">{m.lastError}</dd>
            </>
          ) : null}
          <dt>{t("admin.outbox.template")}</dt>
          <dd>
            <code>{m.template}</code>
          </dd>
          <dt>{t("admin.outbox.language")}</dt>
          <dd>{m.locale === "en" ? t("lang.en") : t("lang.lv")}</dd>
          <dt>{t("admin.outbox.messageId")}</dt>
          <dd>
            <code>{m.messageId}</code>
          </dd>
        </dl>
      </section>

      {!m.raw ? <p className="notice">{t("admin.outbox.noRaw")}</p> : null}
      {p && !p.full ? <p className="notice">{t("admin.outbox.parserMissing")}</p> : null}

      {p?.text ? (
        <section aria-labelledby="mail-text">
          <h2 id="mail-text">{t("admin.outbox.text")}</h2>
          <pre className="raw-mail mail-text">{p.text}</pre>
        </section>
      ) : null}

      {p?.html ? (
        <section aria-labelledby="mail-html">
          <h2 id="mail-html">{t("admin.outbox.html")}</h2>
          {/* Sandboxed with no permissions: no scripts, no forms, no same-origin access; the page's CSP also blocks remote images. */}
          <iframe className="mail-html" sandbox="" srcDoc={p.html} title={t("admin.outbox.htmlFrame")} referrerPolicy="no-referrer" />
          <details>
            <summary>{t("admin.outbox.htmlSource")}</summary>
            <pre className="raw-mail">{p.html}</pre>
          </details>
        </section>
      ) : null}

      {p?.full ? (
        <section aria-labelledby="mail-attachments">
          <h2 id="mail-attachments">{t("admin.outbox.attachments")}</h2>
          {p.attachments.length === 0 ? (
            <p>{t("admin.outbox.noAttachments")}</p>
          ) : (
            <ul className="list">
              {p.attachments.map((a, i) => (
                <li key={i}>
                  <strong>{a.filename ?? t("admin.outbox.unnamed")}</strong> <code>{a.contentType}</code>{" "}
                  <span className="muted">{t("admin.outbox.bytes", { count: a.size, size: formatNumber(a.size, locale) })}</span>
                  {a.text ? (
                    <details>
                      <summary>{a.filename ?? a.contentType}</summary>
                      <pre className="raw-mail">{a.text}</pre>
                    </details>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {p ? (
        <section aria-labelledby="mail-headers">
          <h2 id="mail-headers">{t("admin.outbox.headers")}</h2>
          <div className="table-wrap">
            <table className="mail-headers">
              <tbody>
                {p.headers.map((h, i) => (
                  <tr key={i}>
                    <th scope="row">{h.name}</th>
                    <td>{h.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {m.raw ? (
        <section aria-labelledby="mail-raw">
          <h2 id="mail-raw">{t("admin.outbox.raw")}</h2>
          {m.rawTruncated ? <p className="muted">{t("admin.outbox.rawTruncated")}</p> : null}
          <pre className="raw-mail">{m.raw}</pre>
        </section>
      ) : null}
    </>
  );
}
