import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ActionError, FormInvalid } from "../app/modules/errors";
import { parseForm, type ActionErrorBody } from "../app/modules/forms";
import { fieldProblem } from "../app/components/forms";
import { actionError } from "../app/modules/forms.server";
import { SplitError } from "../app/modules/logistics/split";
import { startTestServer, type TestServer } from "./helpers/server";
import { createOrg, createPerson, PASSWORD } from "./helpers/factories";

// One way to handle forms: parseForm (zod, a discriminated union per intent) → typed values or field errors;
// actionError → the one response shape { error: { key, vars, field, fields }, …extra } with its 4xx status.

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

async function body(r: unknown): Promise<{ data: Record<string, unknown>; status: number; retryAfter: string | null }> {
  // Remix's data(): { type: "DataWithResponseInit", data, init }
  const d = r as { data: Record<string, unknown>; init: { status: number; headers?: Record<string, string> } | null };
  return { data: d.data, status: d.init?.status ?? 200, retryAfter: d.init?.headers?.["Retry-After"] ?? null };
}

const Intents = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("rename"), name: z.string().trim().min(2, "auth.error.nameRequired") }),
    z.object({ intent: z.literal("tag"), tags: z.array(z.string()).or(z.string().transform((s) => [s])), limit: z.string().regex(/^\d+$/) }),
  ],
  { errorMap: () => ({ message: "admin.error.badRequest" }) },
);

describe("parseForm", () => {
  it("gives typed values per intent (repeated fields become arrays)", () => {
    const a = parseForm(
      form([
        ["intent", "rename"],
        ["name", "  Līga "],
      ]),
      Intents,
    );
    expect(a).toEqual({ ok: true, data: { intent: "rename", name: "Līga" } });
    const b = parseForm(
      form([
        ["intent", "tag"],
        ["tags", "x"],
        ["tags", "y"],
        ["limit", "3"],
      ]),
      Intents,
    );
    expect(b.ok && b.data).toEqual({ intent: "tag", tags: ["x", "y"], limit: "3" });
  });

  it("gives every field's message key; zod's own English messages become 'not accepted'", () => {
    const r = parseForm(form([["intent", "tag"]]), Intents);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(FormInvalid);
    expect(r.error).toBeInstanceOf(ActionError);
    expect(r.error.fields).toEqual({ tags: "error.400.title", limit: "error.400.title" });
    const bad = parseForm({ intent: "rename", name: "x" }, Intents);
    expect(!bad.ok && bad.error).toMatchObject({ status: 400, key: "auth.error.nameRequired", field: "name", fields: { name: "auth.error.nameRequired" } });
    const unknown = parseForm({ intent: "promote" }, Intents);
    expect(!unknown.ok && unknown.error.fields).toEqual({ intent: "admin.error.badRequest" });
  });
});

describe("per-field variables", () => {
  const Limits = z.object({
    units: z.string().refine((v) => Number(v) <= 10, { message: "logistics.error.windowTooLong", params: { days: 10 } }),
    grossKg: z.string().refine((v) => Number(v) <= 1500, { message: "logistics.error.weightPerUnit", params: { max: 1500 } }),
  });

  it("carries every field's variables, not only the first one's, into the one error shape and to each Field", async () => {
    const parsed = parseForm({ units: "99", grossKg: "9000" }, Limits);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ key: "logistics.error.windowTooLong", vars: { days: 10 }, field: "units" });
    expect(parsed.error.fieldVars).toEqual({ units: { days: 10 }, grossKg: { max: 1500 } });
    const r = await body(actionError(parsed.error, { values: {} }));
    const error = r.data.error as ActionErrorBody;
    expect(error.fieldVars).toEqual({ units: { days: 10 }, grossKg: { max: 1500 } });
    expect(fieldProblem(error, "units")).toEqual({ key: "logistics.error.windowTooLong", vars: { days: 10 } });
    expect(fieldProblem(error, "grossKg")).toEqual({ key: "logistics.error.weightPerUnit", vars: { max: 1500 } });
    // A FormInvalid built by hand (a domain parser) with per-field variables answers the same way.
    const byHand = await body(actionError(new FormInvalid({ a: "logistics.error.required", b: "logistics.error.weightPerUnit" }, {}, { b: { max: 400 } })));
    expect(fieldProblem(byHand.data.error as ActionErrorBody, "b")).toEqual({ key: "logistics.error.weightPerUnit", vars: { max: 400 } });
  });
});

describe("actionError", () => {
  it("answers an ActionError with its status, key, vars and field, and the extra the page needs", async () => {
    const r = await body(actionError(new ActionError(409, "policy.thread.locked", { n: 1 }, "body"), { values: { body: "Sveiki" }, intent: "reply" }));
    expect(r.status).toBe(409);
    expect(r.data).toEqual({ values: { body: "Sveiki" }, intent: "reply", error: { key: "policy.thread.locked", vars: { n: 1 }, field: "body", fields: { body: "policy.thread.locked" } } });
  });

  it("answers a failed parse with every field, and a zod error the same way", async () => {
    const parsed = parseForm({ intent: "tag" }, Intents);
    const r = await body(actionError(!parsed.ok ? parsed.error : null, { values: {} }));
    expect(r.status).toBe(400);
    expect(r.data.error).toMatchObject({ field: "tags", fields: { tags: "error.400.title", limit: "error.400.title" } });
    const zod = z.object({ name: z.string().min(2, "auth.error.nameRequired") }).safeParse({ name: "" });
    const z400 = await body(actionError(!zod.success ? zod.error : null));
    expect(z400.status).toBe(400);
    expect(z400.data.error).toEqual({ key: "auth.error.nameRequired", vars: {}, field: "name", fields: { name: "auth.error.nameRequired" } });
  });

  it("adds Retry-After to a 429", async () => {
    const r = await body(actionError(new ActionError(429, "error.429.body", { seconds: 42 })));
    expect(r.status).toBe(429);
    expect(r.retryAfter).toBe("42");
    expect((await body(actionError(new ActionError(429, "error.429.body")))).retryAfter).toBe("60");
  });

  it("is one kind of error: the split's refusals are ActionErrors too", async () => {
    const r = await body(actionError(new SplitError("logistics.error.quoteAmount")));
    expect(r.status).toBe(400);
    expect((r.data.error as { key: string }).key).toBe("logistics.error.quoteAmount");
  });

  it("throws on anything that is not a refusal (a 404 response, a real failure)", () => {
    const notFound = new Response("Not Found", { status: 404 });
    expect(() => actionError(notFound)).toThrow();
    try {
      actionError(notFound);
    } catch (err) {
      expect(err).toBe(notFound);
    }
    expect(() => actionError(new Error("database gone"))).toThrow("database gone");
  });
});

describe("a converted form on the real server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("shows each refusal translated next to its field, tied with aria-describedby, and echoes what was sent (never the password)", async () => {
    const res = await server.client().post("/signup", { name: "Līga", email: "not-an-address", password: "kaut kas slepens 123", orgMode: "existing", orgId: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*aria-describedby="f-email-error"|<input[^>]*aria-describedby="f-email-error"[^>]*aria-invalid="true"/);
    expect(html).toContain('<p class="field-error" id="f-email-error">');
    expect(html).toMatch(/<select[^>]*id="f-orgId"[^>]*aria-describedby="f-orgId-error"/);
    expect(html).toContain('value="not-an-address"');
    expect(html).not.toContain("kaut kas slepens 123");
  });

  it("answers a domain refusal with the same shape (the organisation name taken, at its field)", async () => {
    const mine = await createOrg(server.open.db);
    const other = await createOrg(server.open.db);
    const admin = await createPerson(server.open.db, { organisation_id: mine.id, cluster_role: "admin", org_role: "admin" });
    const c = server.client();
    await c.login(admin.email, PASSWORD);
    const res = await c.post(`/directory/orgs/${mine.slug}/edit`, {
      name: other.name,
      legal_type: "manufacturer",
      size: "sme",
      description_lv: "",
      description_en: "",
      website: "",
      city: "Rīga",
      country: "LV",
      competency_tags: "",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="f-name-error">');
    expect(html).toContain("directory.error.nameTaken");
    expect(html).toContain('value="Rīga"');
  });
});
