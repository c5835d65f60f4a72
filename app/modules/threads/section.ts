// Shapes shared by the thread section's server half (section.server.ts) and its component
// (app/components/thread-section.tsx). No server imports: the browser bundle imports this file.
import type { PostDto, ThreadDto } from "./dto";

/** The forms of the thread section. A page that hosts a thread must not use these intent names for its own forms. */
export const THREAD_INTENTS = ["reply", "edit", "delete", "hide", "unhide", "lock", "unlock", "pin", "unpin"] as const;
export type ThreadIntent = (typeof THREAD_INTENTS)[number];

export interface ThreadView {
  thread: ThreadDto;
  page: {
    posts: PostDto[];
    /** Pass as ?before= to see older posts; null at the beginning of the thread. */
    olderBefore: number | null;
    /** True when this page is not the latest one (then nothing is appended live). */
    hasNewer: boolean;
    lastReadSeq: number;
  };
  /** The seq where "new since your last visit" goes, or null. */
  unreadFrom: number | null;
  /** The hosting page's path (no query): forms post here, links start here. */
  path: string;
  /** The section's element id on a longer page (paging links come back to it), or null. */
  anchor: string | null;
  /** path plus the current ?before= (edit and quote links keep the page). */
  base: string;
  may: { post: boolean; moderate: boolean };
  viewerId: string;
  /** Idempotency key of the reply form: a repeated submission is stored once. */
  clientId: string;
  /** The viewer's own post being edited (?edit=), with its Markdown. */
  editing: { id: string; body: string } | null;
  /** The post being quoted (?quote=), as Markdown for the reply box. */
  quote: { id: string; seq: number; text: string } | null;
  /** fileMaxMb: the largest file one may attach (MAX_UPLOAD_MB). */
  limits: { postMax: number; fileMaxMb: number };
}

/** The one action-error shape of the thread section (issue 11: `{ error: { key, vars, field }, values }`). */
export interface ThreadActionError {
  error: { key: string; vars: Record<string, string | number>; field: string | null };
  values: { section: "thread"; intent: string; postId: string; body: string };
}

/** Action data that came from the thread section (hosts with their own forms tell their errors apart with this). */
export function isThreadActionError(v: unknown): v is ThreadActionError {
  if (typeof v !== "object" || v === null) return false;
  const values = (v as { values?: unknown }).values;
  return typeof values === "object" && values !== null && (values as { section?: unknown }).section === "thread";
}
