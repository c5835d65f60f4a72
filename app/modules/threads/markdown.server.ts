import { Marked, type Tokens, type TokenizerAndRendererExtension } from "marked";
import sanitizeHtml from "sanitize-html";

// User Markdown → safe HTML (docs/requirements.md SEC-5): marked with raw HTML escaped (never passed through), then an
// allow-list sanitiser: only http/https/mailto links (sanitize-html also decodes entities and ignores case and
// control characters before checking the scheme), links get rel="nofollow noopener noreferrer ugc" and open in a
// new tab, no images (they would load third-party content), headings are demoted below the page's own h1/h2.

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** @handle: letters/digits separated by single dots, dashes or underscores (a trailing dot is punctuation). */
export const MENTION_RE = /^@([a-z0-9]+(?:[._-][a-z0-9]+)*)/i;
const MENTION_START = /(^|[^A-Za-z0-9._%+\-@])@[a-z0-9]/i;

interface MentionToken extends Tokens.Generic {
  type: "mention";
  raw: string;
  handle: string;
  known?: boolean;
}

const mention: TokenizerAndRendererExtension = {
  name: "mention",
  level: "inline",
  start(src: string) {
    const m = MENTION_START.exec(src);
    return m ? m.index + m[1].length : undefined;
  },
  tokenizer(src: string) {
    const m = MENTION_RE.exec(src);
    if (!m) return undefined;
    return { type: "mention", raw: m[0], handle: m[1].toLowerCase() } as MentionToken;
  },
  renderer(token) {
    const t = token as MentionToken;
    return t.known ? `<span class="mention">@${escapeHtml(t.handle)}</span>` : escapeHtml(t.raw);
  },
};

const marked = new Marked({ gfm: true, breaks: true, async: false });
marked.use({
  renderer: {
    // Raw HTML in the source is shown as text, never interpreted.
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    // Images become plain links to their address.
    image(token: Tokens.Image) {
      return `<a href="${escapeHtml(token.href)}">${escapeHtml(token.text || token.href)}</a>`;
    },
  },
  extensions: [mention],
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr", "span", "table", "thead", "tbody", "tr", "th", "td"],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    code: ["class"],
    span: ["class"],
    ol: ["start"],
    th: ["align"],
    td: ["align"],
  },
  allowedClasses: { code: ["language-*"], span: ["mention"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    h1: "h3",
    h2: "h4",
    a: (tagName, attribs) => {
      const out: Record<string, string> = {};
      if (attribs.href) {
        out.href = attribs.href;
        out.rel = "nofollow noopener noreferrer ugc";
        out.target = "_blank";
      }
      if (attribs.title) out.title = attribs.title;
      return { tagName, attribs: out };
    },
  },
};

/** The sanitiser alone (also for any other HTML that must be made safe). */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/**
 * The @handles written in a post (not inside code, not inside a top-level quote: quoting someone's post does not
 * notify the people they mentioned again), lower-cased, unique, in order of appearance.
 */
export function mentionedHandles(md: string, max = 50): string[] {
  const tokens = marked.lexer(md).filter((t) => t.type !== "blockquote");
  const out = new Set<string>();
  marked.walkTokens(tokens, (t) => {
    if (t.type === "mention" && out.size < max) out.add((t as MentionToken).handle);
  });
  return [...out];
}

/**
 * Renders a post. `mentions` are the handles that resolve to people who may see the thread: they are highlighted;
 * any other @word stays plain text.
 */
export function renderMarkdown(md: string, mentions: ReadonlySet<string> = new Set()): string {
  const tokens = marked.lexer(md);
  marked.walkTokens(tokens, (t) => {
    if (t.type === "mention") (t as MentionToken).known = mentions.has((t as MentionToken).handle);
  });
  return sanitize(marked.parser(tokens) as string).trim();
}

/** Plain-text excerpt of a post for notifications and emails (the Markdown source, whitespace collapsed). */
export function excerpt(md: string, max = 280): string {
  const s = md.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A short plain-text summary for lists: the most common Markdown marks removed (shown as text, never HTML). */
export function plainSummary(md: string, max = 220): string {
  const s = md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/(\*\*|__|~~|`+)/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "> " quote of a post's source for a reply form. */
export function quoteMarkdown(md: string, authorName: string, max = 1500): string {
  const src = md.length > max ? `${md.slice(0, max)}…` : md;
  const lines = src.split(/\r?\n/).map((l) => `> ${l}`);
  return `> **${authorName.replace(/[*_`[\]<>]/g, "")}:**\n${lines.join("\n")}\n\n`;
}
