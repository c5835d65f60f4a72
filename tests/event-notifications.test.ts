import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { connectSocket, personWithClient } from "./helpers/groups";
import { createEvent, editEvent, formValues, inDays } from "./helpers/events";

// Issue 13 item 2: people who said they are coming are told in-app when the event changes in a way their calendar
// must see (once per revision) and when it is cancelled; the organiser who acted is not told about their own act.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.open.db;
const kinds = async (personId: string) => (await db().selectFrom("notification").select(["kind"]).where("person_id", "=", personId).orderBy("created_at").execute()).map((r) => r.kind);

describe("event notifications", () => {
  it("a significant change tells those coming once per revision; a cancellation tells them too; never the organiser", async () => {
    const org = await personWithClient(server, { cluster_role: "organiser", locale: "en" });
    const member = await personWithClient(server, { locale: "lv" });
    const ev = await createEvent(db(), org.client);
    expect((await member.client.post(`/events/${ev.slug}`, { intent: "rsvp", answer: "going" })).status).toBe(302);
    // Their open tab hears of each one live (after COMMIT), without a reload.
    const socket = await connectSocket(server, member.client);
    const heard: unknown[] = [];
    socket.on("notification:new", (n) => heard.push(n));

    const v = await formValues(db(), ev.slug);
    expect((await editEvent(org.client, ev.slug, { ...v, startDate: inDays(12), startTime: "10:00", endDate: inDays(12), endTime: "12:00" })).status).toBe(302);
    expect(await kinds(member.person.id)).toEqual(["event_update"]);
    // A description-only edit is not a change calendars must see: nobody is told.
    expect((await editEvent(org.client, ev.slug, { ...(await formValues(db(), ev.slug)), descriptionEn: "More detail." })).status).toBe(302);
    expect(await kinds(member.person.id)).toEqual(["event_update"]);

    const cancelled = await org.client.post(`/events/${ev.slug}/edit`, { intent: "cancel", confirm: "yes" });
    expect(cancelled.status).toBe(302);
    expect(await kinds(member.person.id)).toEqual(["event_update", "event_cancelled"]);
    expect(await kinds(org.person.id)).toEqual([]);
    await expect.poll(() => heard).toEqual([{ kind: "event_update" }, { kind: "event_cancelled" }]);
    socket.disconnect();

    const page = await (await member.client.get("/notifications")).text();
    expect(page).toContain(`/events/${ev.slug}`);
  });
});
