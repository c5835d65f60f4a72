import type { Executor } from "~/context";
import type { Viewer } from "~/modules/policy/facts";
import { demand } from "~/modules/policy/authorize.server";
import { asTerms, termsByKey } from "~/modules/vocabulary/vocabulary.server";

// The person's own data as one JSON document (GDPR art. 15 and 20: access and a copy). Only oneself: the policy rule
// person.exportData refuses anybody else with 404. Secrets are left out: password hash, session ids, email tokens
// and calendar feed tokens (the feed URL is a credential); sessions appear as their metadata only.

/** 2 (0018): expertiseTags are vocabulary terms `{ key, lv, en }` instead of strings; jobTitleEn was added. */
export const EXPORT_FORMAT = "lsc-personal-data/2";

function iso(d: Date | string | null | undefined): string | null {
  return d === null || d === undefined ? null : new Date(d).toISOString();
}

export async function exportPersonalData(db: Executor, viewer: Viewer | null, personId: string) {
  demand(viewer, { action: "person.exportData", personId });
  const person = await db
    .selectFrom("person as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select([
      "p.id",
      "p.name",
      "p.email",
      "p.email_verified_at",
      "p.job_title",
      "p.job_title_en",
      "p.languages",
      "p.expertise_tags",
      "p.locale",
      "p.show_email",
      "p.phone",
      "p.notify_email",
      "p.handle",
      "p.membership_status",
      "p.cluster_role",
      "p.org_role",
      "p.created_at",
      "p.updated_at",
      "o.id as org_id",
      "o.name as org_name",
      "o.slug as org_slug",
    ])
    .where("p.id", "=", personId)
    .executeTakeFirst();
  if (!person) throw new Response("Not Found", { status: 404 });

  const [groups, groupRequests, posts, attendance, notifications, sessions, erasure] = await Promise.all([
    db
      .selectFrom("working_group_member as m")
      .innerJoin("working_group as g", "g.id", "m.group_id")
      .select(["g.slug", "g.name_lv", "g.name_en", "m.role", "m.joined_at", "m.competition_ack_at"])
      .where("m.person_id", "=", personId)
      .orderBy("m.joined_at")
      .execute(),
    db
      .selectFrom("working_group_request as r")
      .innerJoin("working_group as g", "g.id", "r.group_id")
      .select(["g.slug", "r.status", "r.created_at", "r.decided_at"])
      .where("r.person_id", "=", personId)
      .orderBy("r.created_at")
      .execute(),
    db
      .selectFrom("post as p")
      .innerJoin("thread as t", "t.id", "p.thread_id")
      .select(["p.id", "p.thread_id", "t.title as thread_title", "t.subject_type", "p.seq", "p.body_md", "p.created_at", "p.edited_at", "p.deleted_at"])
      .where("p.author_id", "=", personId)
      .orderBy("p.created_at")
      .orderBy("p.id")
      .execute(),
    db
      .selectFrom("event_attendance as a")
      .innerJoin("event as e", "e.id", "a.event_id")
      .select(["e.slug", "e.title_lv", "e.title_en", "e.starts_at", "a.status", "a.invited_at", "a.responded_at", "a.checked_in_at", "a.created_at"])
      .where("a.person_id", "=", personId)
      .orderBy("e.starts_at")
      .execute(),
    db.selectFrom("notification").select(["kind", "payload", "created_at", "read_at"]).where("person_id", "=", personId).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("session").select(["created_at", "last_seen_at", "expires_at", "user_agent", "ip"]).where("person_id", "=", personId).orderBy("created_at").execute(),
    db.selectFrom("erasure_request").select(["status", "created_at", "decided_at"]).where("person_id", "=", personId).orderBy("created_at").execute(),
  ]);

  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    profile: {
      id: person.id,
      name: person.name,
      email: person.email,
      emailConfirmedAt: iso(person.email_verified_at),
      jobTitle: person.job_title,
      jobTitleEn: person.job_title_en,
      languages: person.languages,
      // vocabulary terms: the stored key and its labels in both languages
      expertiseTags: asTerms(person.expertise_tags, await termsByKey(db, "expertise", person.expertise_tags)),
      phone: person.phone,
      showEmailToMembers: person.show_email,
      emailNotifications: person.notify_email,
      language: person.locale,
      handle: person.handle,
      createdAt: iso(person.created_at),
      updatedAt: iso(person.updated_at),
    },
    membership: {
      status: person.membership_status,
      clusterRole: person.cluster_role,
      organisation: { id: person.org_id, name: person.org_name, slug: person.org_slug, role: person.org_role },
    },
    workingGroups: groups.map((g) => ({
      slug: g.slug,
      name: { lv: g.name_lv, en: g.name_en },
      role: g.role,
      joinedAt: iso(g.joined_at),
      competitionNoticeAcceptedAt: iso(g.competition_ack_at),
    })),
    workingGroupRequests: groupRequests.map((r) => ({ group: r.slug, status: r.status, createdAt: iso(r.created_at), decidedAt: iso(r.decided_at) })),
    posts: posts.map((p) => ({
      id: p.id,
      threadId: p.thread_id,
      thread: p.thread_title,
      about: p.subject_type,
      number: p.seq,
      text: p.deleted_at ? null : p.body_md,
      createdAt: iso(p.created_at),
      editedAt: iso(p.edited_at),
      deletedAt: iso(p.deleted_at),
    })),
    events: attendance.map((a) => ({
      slug: a.slug,
      title: { lv: a.title_lv, en: a.title_en },
      startsAt: iso(a.starts_at),
      status: a.status,
      invitedAt: iso(a.invited_at),
      respondedAt: iso(a.responded_at),
      checkedInAt: iso(a.checked_in_at),
      createdAt: iso(a.created_at),
    })),
    notifications: notifications.map((n) => ({ kind: n.kind, details: n.payload, createdAt: iso(n.created_at), readAt: iso(n.read_at) })),
    sessions: sessions.map((s) => ({
      startedAt: iso(s.created_at),
      lastUsedAt: iso(s.last_seen_at),
      expiresAt: iso(s.expires_at),
      browser: s.user_agent,
      ip: s.ip,
    })),
    erasureRequests: erasure.map((e) => ({ status: e.status, requestedAt: iso(e.created_at), decidedAt: iso(e.decided_at) })),
  };
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;
