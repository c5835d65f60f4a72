import { Form } from "@remix-run/react";
import { useT } from "~/components/i18n";

/** Going / Maybe / Not going as one plain POST form: the member's event page (intent=rsvp) and a guest's RSVP page. */
export function RsvpButtons({ answered, full, busy, intent }: { answered: string | null | undefined; full: boolean; busy: boolean; intent?: string }) {
  const t = useT();
  return (
    <Form noValidate method="post" className="button-row rsvp-buttons">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <button type="submit" name="answer" value="going" className="button" disabled={busy} aria-pressed={answered === "going" || answered === "waitlisted"}>
        {full && answered !== "going" ? t("events.rsvp.joinWaitlist") : t("events.rsvp.going")}
      </button>
      <button type="submit" name="answer" value="maybe" className="button secondary" disabled={busy} aria-pressed={answered === "maybe"}>
        {t("events.rsvp.maybe")}
      </button>
      <button type="submit" name="answer" value="declined" className="button secondary" disabled={busy} aria-pressed={answered === "declined"}>
        {t("events.rsvp.declined")}
      </button>
    </Form>
  );
}
