import crypto from "node:crypto";
import { expect } from "vitest";
import type { Kysely } from "kysely";
import type { Database, LegalType, OrgSize } from "../../db/schema";
import { addDays, todayIn } from "../../app/lib/zoned-time";
import type { HttpClient, TestServer } from "./server";
import { createOrg } from "./factories";
import { personWithClient } from "./groups";

/** A date relative to today in Riga, "YYYY-MM-DD". */
export const day = (offset: number) => addDays(todayIn(), offset);

export function campaignForm(o: Record<string, string> = {}): Record<string, string> {
  const tag = crypto.randomBytes(3).toString("hex");
  return {
    titleLv: `Kopstends Berlīnē ${tag}`,
    titleEn: `Joint stand in Berlin ${tag}`,
    descriptionLv: "Kopstends **izstādē**.",
    descriptionEn: "A joint stand at the fair.",
    type: "joint_stand",
    markets: "DE, fr",
    startsOn: day(60),
    endsOn: day(62),
    applicationDeadline: day(30),
    city: "Berlin",
    country: "DE",
    maxOrgs: "4",
    standArea: "40",
    reminderDays: "3",
    coordinatorId: "",
    ...o,
  };
}

/** Creates a campaign through the real form; returns its slug and id. */
export async function createCampaign(server: TestServer, client: HttpClient, o: Record<string, string> = {}) {
  const form = campaignForm(o);
  const res = await client.post("/campaigns/new", form);
  if (res.status !== 302) throw new Error(`create campaign failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
  const slug = res.headers.get("location")!.split("?")[0].split("/").pop()!;
  const row = await server.open.db.selectFrom("campaign").select(["id", "thread_id"]).where("slug", "=", slug).executeTakeFirstOrThrow();
  return { slug, id: row.id, threadId: row.thread_id!, form };
}

export async function setStatus(client: HttpClient, slug: string, status: string, note = "") {
  return client.post(`/campaigns/${slug}/edit`, { intent: "status", status, note });
}

export async function apply(client: HttpClient, slug: string, needs: { area?: string; delegates?: string; products?: string; note?: string } = {}) {
  return client.post(`/campaigns/${slug}`, { intent: "apply", area: needs.area ?? "10", delegates: needs.delegates ?? "2", products: needs.products ?? "Samples", note: needs.note ?? "" });
}

export async function participantId(db: Kysely<Database>, campaignId: string, orgId: string): Promise<string> {
  const r = await db.selectFrom("campaign_participant").select("id").where("campaign_id", "=", campaignId).where("organisation_id", "=", orgId).executeTakeFirstOrThrow();
  return r.id;
}

export async function decide(client: HttpClient, slug: string, pid: string, intent: "accept" | "decline" | "waitlist") {
  return client.post(`/campaigns/${slug}`, { intent, participantId: pid });
}

export async function addLine(client: HttpClient, slug: string, form: Record<string, string | string[]>) {
  return client.post(`/campaigns/${slug}/ledger`, { intent: "saveLine", category: "space_rent", description: "Line", eligible: "yes", splitKey: "equal", appliesTo: "all", ...form });
}

export async function expectOk(res: Response, status = 302) {
  if (res.status !== status)
    throw new Error(
      `expected ${status}, got ${res.status}: ${(await res.text())
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .slice(0, 600)}`,
    );
}

export async function latestSnapshot(db: Kysely<Database>, campaignId: string) {
  const r = await db
    .selectFrom("campaign_ledger_version")
    .select(["version", "snapshot", "reason", "reason_vars"])
    .where("campaign_id", "=", campaignId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!r) return null;
  return {
    version: r.version,
    reason: r.reason,
    vars: r.reason_vars,
    snapshot: (typeof r.snapshot === "string" ? JSON.parse(r.snapshot) : r.snapshot) as import("../../app/modules/campaigns/ledger").LedgerSnapshot,
  };
}

export async function versionCount(db: Kysely<Database>, campaignId: string): Promise<number> {
  const r = await db
    .selectFrom("campaign_ledger_version")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An organisation with an admin and an ordinary member, each with a signed-in client. */
export async function orgWithPeople(server: TestServer, o: { name: string; legal_type?: LegalType; size?: OrgSize; locale?: "lv" | "en" }) {
  const org = await createOrg(server.open.db, { name: o.name, legal_type: o.legal_type ?? "manufacturer", size: o.size ?? "sme" });
  const admin = await personWithClient(server, { organisation_id: org.id, org_role: "admin", name: `${o.name} Admin`, locale: o.locale ?? "en" });
  const member = await personWithClient(server, { organisation_id: org.id, org_role: "member", name: `${o.name} Member`, locale: o.locale ?? "en" });
  return { org, admin, member };
}

export function figures(snapshot: { participants: { orgId: string; gross: string; support: string; net: string }[] }) {
  return Object.fromEntries(snapshot.participants.map((p) => [p.orgId, [p.gross, p.support, p.net]]));
}

export function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|\u00a0/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

export { expect };
