// Shapes shared by the thread page, the catch-up JSON and the socket pushes (no server imports: the browser
// bundle may import these types).

export type PostState = "visible" | "deleted" | "hidden";

export interface PostDto {
  id: string;
  threadId: string;
  seq: number;
  /** former: the author's account was erased (privacy): shown as "former member" in the viewer's language. */
  author: { id: string; name: string; org: string; former?: boolean };
  /** Sanitised HTML ("" unless state is "visible"). */
  bodyHtml: string;
  /** ISO 8601 */
  createdAt: string;
  editedAt: string | null;
  state: PostState;
  quoteOf: { id: string; seq: number } | null;
  /** Files attached to the post ([] unless state is "visible"); downloads go through /files/:id/:name. */
  files: PostFileDto[];
}

export interface PostFileDto {
  id: string;
  name: string;
  size: number;
  /** The stored content type (decided by the file's content). */
  type: string;
}

export interface ThreadDto {
  id: string;
  title: string;
  locked: boolean;
  pinned: boolean;
  lastSeq: number;
  postCount: number;
}

/** Socket events pushed to room `thread:<id>` after the write commits. */
export interface ThreadEvents {
  "post:new": PostDto;
  "post:edited": PostDto;
  "post:deleted": PostDto;
  "post:hidden": PostDto;
  "thread:updated": ThreadDto;
}

export const threadRoom = (threadId: string) => `thread:${threadId}`;
