import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server";
import { addMember, createGroupRow, personWithClient, startTopic } from "./helpers/groups";
import { followState } from "../app/modules/notifications/follow.server";

// Issue 13 item 3: follow / mute where the discussion is, not only under settings (a plain form: works without JS).

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("follow and mute on a thread page", () => {
  it("shows the buttons, mutes and unmutes from the page, and comes back to it", async () => {
    const db = server.open.db;
    const lead = await personWithClient(server, { locale: "en" });
    const member = await personWithClient(server, { locale: "en" });
    const g = await createGroupRow(db, { leadId: lead.person.id });
    await addMember(db, g.id, member.person.id);
    const threadId = await startTopic(lead.client, g.slug, "Annex 1 questions", "Who has done the gap analysis?");
    const path = `/groups/${g.slug}/threads/${threadId}`;

    const html = await (await member.client.get(path)).text();
    expect(html).toContain(">Follow</button>");
    expect(html).toContain(">Mute</button>");

    const muted = await member.client.post("/settings/notifications", { intent: "follow", subjectType: "thread", subjectId: threadId, state: "mute", redirectTo: path });
    expect(muted.status).toBe(302);
    expect(muted.headers.get("location")).toBe(path);
    expect(await followState(db, member.person.id, "thread", threadId)).toBe("mute");
    expect(await (await member.client.get(path)).text()).toContain(">Unmute</button>");

    await member.client.post("/settings/notifications", { intent: "follow", subjectType: "thread", subjectId: threadId, state: "default", redirectTo: path });
    expect(await followState(db, member.person.id, "thread", threadId)).toBeNull();
  });
});

describe("follow and mute on a group page", () => {
  it("shows a member following by default, mutes and follows again from the page; an outsider of a private group gets 404", async () => {
    const db = server.open.db;
    const lead = await personWithClient(server, { locale: "lv" });
    const member = await personWithClient(server, { locale: "lv" });
    const outsider = await personWithClient(server, { locale: "lv" });
    const g = await createGroupRow(db, { leadId: lead.person.id, visibility: "private" });
    await addMember(db, g.id, member.person.id);
    const path = `/groups/${g.slug}`;
    const html = await (await member.client.get(path)).text();
    expect(html).toContain(">Apklusināt</button>");
    const muted = await member.client.post("/settings/notifications", { intent: "follow", subjectType: "group", subjectId: g.id, state: "mute", redirectTo: path });
    expect(muted.headers.get("location")).toBe(path);
    expect(await followState(db, member.person.id, "group", g.id)).toBe("mute");
    expect(await (await member.client.get(path)).text()).toContain(">Atcelt apklusināšanu</button>");
    await member.client.post("/settings/notifications", { intent: "follow", subjectType: "group", subjectId: g.id, state: "follow", redirectTo: path });
    expect(await followState(db, member.person.id, "group", g.id)).toBe("follow");
    const refused = await outsider.client.post("/settings/notifications", { intent: "follow", subjectType: "group", subjectId: g.id, state: "follow", redirectTo: path });
    expect(refused.status).toBe(404);
    expect(await followState(db, outsider.person.id, "group", g.id)).toBeNull();
  });
});
