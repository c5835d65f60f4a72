// Publish and cancel: the same two forms on the edit page and on a draft's own page (plain POST forms, so they work
// before or without JavaScript). The action answers with actionError(err, { intent }) so each card shows only its
// own refusal.
import { Form, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormError, fieldProblem, useActionError, useErrorText } from "~/components/forms";
import type { EventStatus } from "~/modules/events/constants";

/** The Publish card (drafts only). */
export function PublishCard({ status, audience, level = 2 }: { status: EventStatus; audience: number; level?: 2 | 3 }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { error, intent } = useActionError();
  if (status !== "draft") return null;
  const H = level === 2 ? "h2" : "h3";
  const mine = intent === "publish" ? error : null;
  return (
    <section aria-labelledby="publish-h" className="card publish-card">
      <H id="publish-h">{t("events.publish.title")}</H>
      <p>{t("events.publish.hint", { count: audience })}</p>
      {mine ? <FormError code={mine.key} vars={mine.vars} /> : null}
      <Form noValidate method="post">
        <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
          {t("events.form.publish")}
        </button>
      </Form>
    </section>
  );
}

/** The Cancel card with its confirmation box (anything not yet cancelled). */
export function CancelCard({ status, audience, level = 2 }: { status: EventStatus; audience: number; level?: 2 | 3 }) {
  const t = useT();
  const text = useErrorText();
  const busy = useNavigation().state === "submitting";
  const { error, intent } = useActionError();
  if (status === "cancelled") return null;
  const H = level === 2 ? "h2" : "h3";
  const mine = intent === "cancel" ? error : null;
  const confirm = fieldProblem(mine, "confirm");
  const confirmText = confirm ? text(confirm.key, confirm.vars) : undefined;
  return (
    <section aria-labelledby="cancel-h" className="card danger-zone">
      <H id="cancel-h">{t("events.cancel.title")}</H>
      <p>{status === "published" ? t("events.cancel.hint", { count: audience }) : t("events.cancel.hintDraft")}</p>
      {mine && !confirm ? <FormError code={mine.key} vars={mine.vars} /> : null}
      <Form noValidate method="post">
        <input type="hidden" name="intent" value="cancel" />
        <label className="checkbox" htmlFor="f-confirm">
          <input type="checkbox" id="f-confirm" name="confirm" value="yes" aria-invalid={confirmText ? true : undefined} aria-describedby={confirmText ? "f-confirm-error" : undefined} />
          {t("events.cancel.confirm")}
        </label>
        {confirmText ? (
          <p className="field-error" id="f-confirm-error">
            {confirmText}
          </p>
        ) : null}
        <button type="submit" className="button danger" disabled={busy}>
          {t("events.cancel.submit")}
        </button>
      </Form>
    </section>
  );
}
