import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { FormError, Notice } from "~/components/forms";
import { ThreadSection } from "~/components/thread-section";
import { CampaignFacts } from "~/components/campaigns/campaign-facts";
import { Deliverables } from "~/components/campaigns/deliverables";
import { MyApplication } from "~/components/campaigns/my-application";
import { Participants } from "~/components/campaigns/participants";
import { RestrictedLines } from "~/components/campaigns/restricted-lines";
import type { MessageKey } from "~/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { formObject, parseForm } from "~/modules/forms";
import { actionError } from "~/modules/forms.server";
import { notFound } from "~/modules/policy/authorize.server";
import { campaignAccess } from "~/modules/campaigns/access.server";
import { addDeliverable, applyToCampaign, decideApplication, deleteDeliverable, updateDeliverable, withdrawParticipant } from "~/modules/campaigns/campaigns.server";
import { campaignPage } from "~/modules/campaigns/page.server";
import { includeInLines, restrictedLines } from "~/modules/campaigns/ledger.server";
import { threadAccess } from "~/modules/threads/access.server";
import { handleThreadIntent, isThreadForm, loadThreadView } from "~/modules/threads/section.server";
import { useCampaignResult } from "~/components/campaigns/result";
import { z } from "zod";
import { readUpload } from "~/modules/files/upload.server";
import { LIBRARY_INTENTS, libraryIntent, libraryView } from "~/modules/files/library.server";
import { FileLibrary } from "~/components/files";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.campaigns.slug", data ? data.title : undefined)];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const c = a.campaign;
  // The campaign's discussion: its participants only (campaign.participate).
  const [page, threadA] = await Promise.all([campaignPage(context.db, viewer, a), a.may.participate && c.thread_id ? threadAccess(context.db, viewer, c.thread_id) : null]);
  const url = new URL(request.url);
  const thread = threadA ? await loadThreadView(context, viewer, threadA, url, { path: `/campaigns/${c.slug}`, anchor: "thread" }) : null;
  // Just accepted (or withdrawn): the lines restricted to chosen participants, for the coordinator to act on.
  const joined = url.searchParams.get("joined");
  const left = url.searchParams.get("left");
  const who = joined ?? left;
  const org = who ? page.participants?.find((p) => p.id === who)?.orgName : undefined;
  const restricted = who && org ? { participantId: who, org, kind: joined ? ("joined" as const) : ("left" as const), lines: await restrictedLines(context.db, a, who) } : null;
  // Files and deliverables (stand artwork, reports): the campaign's participants (file.download follows campaign.participate).
  const files = await libraryView(context, viewer, { owner: "campaign", campaign: a.facts }, c.id);
  return { ...page, thread, restricted, files };
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

const id = z.string().default("");
const reason = z.string().optional();
/** The page's own forms, one per intent (the needs, deliverable fields and reasons are checked by the domain). */
const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("apply") }),
  z.object({ intent: z.literal("withdraw"), reason }),
  z.object({ intent: z.literal("recordWithdrawal"), participantId: id, reason }),
  z.object({ intent: z.enum(["accept", "decline", "waitlist"]), participantId: id }),
  z.object({ intent: z.literal("addDeliverable") }),
  z.object({ intent: z.enum(["updateDeliverable", "deleteDeliverable"]), deliverableId: id }),
  z.object({
    intent: z.literal("includeInLines"),
    participantId: id,
    lineId: z
      .union([z.string(), z.array(z.string())])
      .default([])
      .transform((v) => (Array.isArray(v) ? v : [v])),
  }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireMember(request, context);
  const a = await campaignAccess(context.db, viewer, { slug: params.slug ?? "" });
  if (!a) notFound();
  const upload = await readUpload(context, viewer, request, { maxFields: 512 * 1024 });
  const form = upload.form;
  const here = `/campaigns/${a.campaign.slug}`;
  if (isThreadForm(form)) {
    // The campaign's discussion: its participants only (campaign.participate), like the page shows it.
    const t = a.may.participate && a.campaign.thread_id ? await threadAccess(context.db, viewer, a.campaign.thread_id) : null;
    if (!t) {
      await upload.discard();
      notFound();
    }
    return handleThreadIntent(context, viewer, t, upload, here);
  }
  const fileIntent = form.get("intent");
  if (typeof fileIntent === "string" && (LIBRARY_INTENTS as readonly string[]).includes(fileIntent)) {
    try {
      const done = await libraryIntent(context, viewer, { owner: "campaign", campaign: a.facts }, a.campaign.id, upload);
      return redirect(`${here}?files=${done}#files`);
    } catch (err) {
      return actionError(err, { values: formObject(form), intent: fileIntent });
    } finally {
      await upload.discard();
    }
  }
  await upload.discard();
  const values = formObject(form);
  const extra = { values, intent: typeof values.intent === "string" ? values.intent : "", target: String(form.get("participantId") ?? form.get("deliverableId") ?? "") };
  const parsed = parseForm(form, Intent);
  if (!parsed.ok) return actionError(parsed.error, extra);
  const f = parsed.data;
  try {
    switch (f.intent) {
      case "apply": {
        const status = await applyToCampaign(context, viewer, a, values);
        return redirect(`${here}?done=${status === "waitlisted" ? "waitlisted" : "applied"}#mine`);
      }
      case "withdraw":
        await withdrawParticipant(context, viewer, a, { reason: f.reason });
        return redirect(a.may.manage && a.participantId ? `${here}?done=withdrawn&left=${a.participantId}#restricted` : `${here}?done=withdrawn`);
      case "recordWithdrawal":
        await withdrawParticipant(context, viewer, a, { participantId: f.participantId, reason: f.reason });
        return redirect(`${here}?done=withdrawalRecorded&left=${encodeURIComponent(f.participantId)}#restricted`);
      case "accept":
      case "decline":
      case "waitlist":
        await decideApplication(context, viewer, a, f.participantId, f.intent);
        return redirect(f.intent === "accept" ? `${here}?done=accept&joined=${encodeURIComponent(f.participantId)}#restricted` : `${here}?done=${f.intent}#participants`);
      case "includeInLines":
        await includeInLines(context, viewer, a, f.participantId, f.lineId);
        return redirect(`${here}?done=included#participants`);
      case "addDeliverable":
        await addDeliverable(context, viewer, a, values);
        return redirect(`${here}?done=deliverableAdded#deliverables`);
      case "updateDeliverable":
        await updateDeliverable(context, viewer, a, f.deliverableId, values);
        return redirect(`${here}?done=deliverableSaved#deliverables`);
      case "deleteDeliverable":
        await deleteDeliverable(context, viewer, a, f.deliverableId);
        return redirect(`${here}?done=deliverableDeleted#deliverables`);
    }
  } catch (err) {
    return actionError(err, extra);
  }
}

const DONE: Record<string, MessageKey> = {
  created: "campaigns.done.created",
  saved: "campaigns.done.saved",
  status: "campaigns.done.status",
  applied: "campaigns.done.applied",
  waitlisted: "campaigns.done.waitlisted",
  withdrawn: "campaigns.done.withdrawn",
  withdrawalRecorded: "campaigns.done.withdrawalRecorded",
  accept: "campaigns.done.accepted",
  decline: "campaigns.done.declined",
  waitlist: "campaigns.done.waitlistedByCoordinator",
  deliverableAdded: "campaigns.done.deliverableAdded",
  deliverableSaved: "campaigns.done.deliverableSaved",
  deliverableDeleted: "campaigns.done.deliverableDeleted",
  included: "campaigns.done.included",
};

export default function CampaignPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  // The discussion's own errors are shown by <ThreadSection>.
  const result = useCampaignResult();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const otherError =
    result && !["apply", "withdraw", "addDeliverable", "accept", "decline", "waitlist", "recordWithdrawal", "updateDeliverable", "deleteDeliverable", "includeInLines"].includes(result.intent)
      ? result
      : null;

  return (
    <div className="campaign-page">
      <p className="breadcrumb">
        <Link to="/campaigns">{t("nav.campaigns")}</Link>
      </p>
      <CampaignFacts d={d}>
        {done && DONE[done] ? <Notice>{t(DONE[done])}</Notice> : null}
        {otherError ? <FormError error={otherError.error} /> : null}
      </CampaignFacts>
      <MyApplication d={d} result={result} busy={busy} />
      {d.restricted ? <RestrictedLines d={d} restricted={d.restricted} result={result} busy={busy} /> : null}
      <Participants d={d} result={result} />
      {d.deliverables ? <Deliverables d={d} deliverables={d.deliverables} result={result} busy={busy} /> : null}
      {d.files ? <FileLibrary id="files" title={t("files.campaign.title")} empty={t("files.campaign.empty")} view={d.files} done={params.get("files")} /> : null}
      {d.thread ? (
        <ThreadSection
          view={d.thread}
          heading={t("campaigns.thread.title")}
          intro={<p className="muted">{t("campaigns.thread.who")}</p>}
          empty={t("campaigns.thread.empty")}
          cannotPost={<Notice>{t("campaigns.thread.readOnly")}</Notice>}
        />
      ) : null}
    </div>
  );
}
