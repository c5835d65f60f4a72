import { translator, type Locale, type T } from "~/i18n";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** iCalendar part: method must equal the METHOD inside the ICS (docs/requirements.md F2). */
  icalEvent?: { method: "REQUEST" | "CANCEL" | "PUBLISH" | "DECLINECOUNTER"; content: string; filename?: string };
  headers?: Record<string, string>;
}

export interface MailEnv {
  appOrigin: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds templates of different parameter types
export type TemplateFn<P = any> = (params: P, locale: Locale, env: MailEnv) => RenderedMail;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A simple, accessible email layout: the body in paragraphs plus an optional button link. */
export function layout(opts: { locale: Locale; subject: string; paragraphs: string[]; action?: { label: string; url: string }; footer?: string }): { text: string; html: string } {
  const t: T = translator(opts.locale);
  const text = [...opts.paragraphs, ...(opts.action ? [`${opts.action.label}: ${opts.action.url}`] : []), "", "—", opts.footer ?? t("mail.footer")].join("\n\n");
  const html = `<!doctype html>
<html lang="${opts.locale}"><head><meta charset="utf-8"><title>${escapeHtml(opts.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f5;font-family:Arial,Helvetica,sans-serif;color:#1b2a27">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 16px;font-weight:bold;color:#0b5d4b">${escapeHtml(t("app.name"))}</p>
${opts.paragraphs.map((p) => `<p style="line-height:1.5">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("\n")}
${
  opts.action
    ? `<p><a href="${escapeHtml(opts.action.url)}" style="display:inline-block;background:#0b5d4b;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(opts.action.label)}</a></p>
<p style="font-size:13px;color:#4a5a56">${escapeHtml(opts.action.url)}</p>`
    : ""
}
<hr style="border:none;border-top:1px solid #dde3e1">
<p style="font-size:13px;color:#4a5a56">${escapeHtml(opts.footer ?? t("mail.footer"))}</p>
</div></body></html>`;
  return { text, html };
}
