/** event-<uuid>@<host of APP_ORIGIN>: fixed at creation, the same in every message, feed and download; no personal data (CAL-4). */
export function eventUid(id: string, appOrigin: string): string {
  let host = "cluster.invalid";
  try {
    host = new URL(appOrigin).hostname || host;
  } catch {
    // keep the fallback
  }
  return `event-${id}@${host}`;
}
