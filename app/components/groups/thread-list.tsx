import { Form, Link } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { formatDateTime } from "~/i18n/format";
import type { ThreadListItem } from "~/modules/threads/threads.server";

/** A group's topics: pinned first, unread counts, "mark all read", paging by ?threads=. */
export function GroupThreads({ here, threads, mayPost }: { here: string; threads: { items: ThreadListItem[]; next: string | null }; mayPost: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="page" id="threads" aria-labelledby="threads-h">
      <div className="page-head">
        <h2 id="threads-h">{t("threads.title")}</h2>
        <div className="button-row">
          {mayPost ? (
            <Link to={`${here}/threads/new`} className="button small">
              {t("threads.new")}
            </Link>
          ) : null}
          {threads.items.some((x) => x.unread > 0) ? (
            <Form noValidate method="post">
              <input type="hidden" name="intent" value="markAllRead" />
              <button type="submit" className="button secondary small">
                {t("threads.markAllRead")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {threads.items.length === 0 ? <p>{t("threads.none")}</p> : null}
      <ul className="list thread-list">
        {threads.items.map((th) => (
          <li key={th.id}>
            <Link to={`${here}/threads/${th.id}`} className="thread-title">
              {th.title}
            </Link>{" "}
            {th.pinned ? <span className="badge">{t("threads.pinned")}</span> : null} {th.locked ? <span className="badge">{t("threads.locked")}</span> : null}{" "}
            {th.unread > 0 ? (
              <span className="badge unread" data-unread={th.unread}>
                {t("threads.unread", { count: th.unread })}
              </span>
            ) : null}
            <br />
            <span className="muted">
              {t("threads.postCount", { count: th.postCount })} · {t("threads.lastPost", { when: formatDateTime(th.lastPostAt, locale) })}
            </span>
          </li>
        ))}
      </ul>
      {threads.next ? (
        <nav className="pager" aria-label={t("threads.title")}>
          <span />
          <Link to={`${here}?threads=${threads.next}#threads`}>{t("common.next")}</Link>
        </nav>
      ) : null}
    </section>
  );
}
