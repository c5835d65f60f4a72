import { Form } from "@remix-run/react";
import { useT } from "~/components/i18n";

/** Follow / mute buttons for a subject (a plain form: works without JavaScript). */
export function FollowForm({ type, id, state, redirectTo }: { type: string; id: string; state: "follow" | "mute" | null; redirectTo: string }) {
  const t = useT();
  return (
    <Form noValidate method="post" action="/settings/notifications" className="inline">
      <input type="hidden" name="intent" value="follow" />
      <input type="hidden" name="subjectType" value={type} />
      <input type="hidden" name="subjectId" value={id} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {state === "mute" ? (
        <button type="submit" name="state" value="default" className="button small secondary">
          {t("follow.unmute")}
        </button>
      ) : (
        <button type="submit" name="state" value="mute" className="button small secondary">
          {t("follow.mute")}
        </button>
      )}{" "}
      {state === "follow" ? (
        <button type="submit" name="state" value="default" className="button small secondary">
          {t("follow.unfollow")}
        </button>
      ) : state === null ? (
        <button type="submit" name="state" value="follow" className="button small secondary">
          {t("follow.follow")}
        </button>
      ) : null}
    </Form>
  );
}
