// Identifier checks shared by server and browser code (form schemas run in both).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID: check before a uuid column sees user input (else PostgreSQL raises 22P02). */
export function isUuid(v: unknown): v is string {
  return typeof v === "string" && UUID.test(v);
}

/** A non-negative int32 from a query/form value (a thread's post sequence, a version), else null. */
export function parseSeq(v: unknown): number | null {
  if (typeof v !== "string" || !/^\d{1,10}$/.test(v)) return null;
  const n = Number(v);
  return n <= 2_147_483_647 ? n : null;
}
