import { useT } from "~/components/i18n";
import type { LiveThread } from "~/realtime/use-thread-channel";

/**
 * Who is viewing, who is typing, and the connection state of a live discussion. The typing line and the arrival
 * announcement are polite live regions (present from the first render, so screen readers pick up changes).
 */
export function LiveActivity({ live, viewerId }: { live: LiveThread; viewerId: string }) {
  const t = useT();
  const people = live.presence?.people ?? [];
  const names = people.map((p) => (p.id === viewerId ? `${p.name} (${t("live.presence.you")})` : p.name)).join(", ");
  const more = live.presence ? live.presence.total - people.length : 0;
  const typing = live.typing;
  const typingText =
    typing.length === 0
      ? ""
      : typing.length === 1
        ? t("live.typing.one", { name: typing[0].name })
        : typing.length === 2
          ? t("live.typing.two", { a: typing[0].name, b: typing[1].name })
          : t("live.typing.many");
  const statusText = live.status === "reconnecting" ? t("live.status.reconnecting") : live.status === "closed" ? t("live.status.closed") : "";
  return (
    <div className="live-activity" role="region" aria-label={t("live.region")} data-live-status={live.status}>
      {people.length > 0 ? (
        <p className="live-presence" data-presence>
          {more > 0 ? t("live.presence", { names: t("live.presence.more", { names, count: more }) }) : t("live.presence", { names })}
        </p>
      ) : null}
      <p className="live-typing" aria-live="polite" data-typing>
        {typingText}
      </p>
      {/* A polite live region, not role="status": the page's own status messages (notices after an action) stay the
          one "status" of pages that host a discussion. */}
      <p className="live-status" aria-live="polite" aria-atomic="true">
        {statusText}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {live.arrived ? t("live.arrived", { name: live.arrived.name, seq: live.arrived.seq }) : ""}
      </p>
    </div>
  );
}
