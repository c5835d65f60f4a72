import { pageTitle } from "~/i18n/meta";
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useLocale, useT } from "~/components/i18n";
import { FormError, Notice, useActionError } from "~/components/forms";
import { Fact, Facts, Lane, Notes, num, StatusBadge, Window } from "~/components/logistics";
import { PoolCoordination } from "~/components/logistics/pool-coordination";
import { PoolMembers, PoolYourPart } from "~/components/logistics/pool-members";
import { ThreadSection } from "~/components/thread-section";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { parseSeq } from "~/lib/ids";
import { requireMember } from "~/modules/auth/guards.server";
import { parseForm } from "~/modules/forms";
import { readUpload } from "~/modules/files/upload.server";
import { actionError } from "~/modules/forms.server";
import { formerPoolMember, poolAccess } from "~/modules/logistics/access.server";
import { advancePool, cancelPool, carrierOrgs, decideMembership, loadPoolView, quotePool, setContactSharing } from "~/modules/logistics/pools.server";
import { POOL_STATUSES } from "~/modules/logistics/reference";
import { expireStale } from "~/modules/logistics/requests.server";
import { notFound } from "~/modules/policy/authorize.server";
import { subjectThreadAccess } from "~/modules/threads/access.server";
import { handleThreadIntent, isThreadForm, loadThreadView } from "~/modules/threads/section.server";
import { isThreadActionError } from "~/modules/threads/section";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [...pageTitle(matches, "title.logistics.pools.id", data ? (data.kind === "pool" ? data.pool.code : data.code) : undefined)];

async function load(request: Request, id: string | undefined, context: LoaderFunctionArgs["context"]) {
  const viewer = await requireMember(request, context);
  const access = await poolAccess(context.db, viewer, id ?? "");
  if (!access) {
    const former = await formerPoolMember(context.db, viewer, id ?? "");
    if (!former) notFound();
    return { viewer, access: null, t: null, former };
  }
  const t = await subjectThreadAccess(context.db, viewer, "pool", access.pool.id);
  return { viewer, access, t, former: null };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, access, t, former } = await load(request, params.id, context);
  if (!access) return { kind: "former" as const, code: former!.code };
  await expireStale(context.db);
  const url = new URL(request.url);
  const pool = await loadPoolView(context.db, viewer, access, viewer.locale);
  const thread = t ? await loadThreadView(context, viewer, t, url, { path: `/logistics/pools/${access.pool.id}`, anchor: "discussion" }) : null;
  return {
    kind: "pool" as const,
    pool,
    may: access.may,
    carriers: access.may.coordinate ? await carrierOrgs(context.db) : [],
    thread,
  };
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);

const version = z
  .string()
  .optional()
  .transform((v) => parseSeq(v) ?? -1);

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["accept", "decline"]), requestId: z.string().default("") }),
  z.object({ intent: z.literal("share"), share: z.string().optional() }),
  z.object({ intent: z.literal("quote"), version }),
  z.object({ intent: z.literal("advance"), to: z.enum(POOL_STATUSES), version }),
  z.object({ intent: z.literal("cancelPool"), version }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  // A former member (its request left the pool) may still send a decision: the domain function answers it (409).
  const { viewer, access, t } = await load(request, params.id, context);
  const upload = await readUpload(context, viewer, request, { maxFields: 128 * 1024 });
  const form = upload.form;
  if (isThreadForm(form)) {
    if (!access || !t) {
      await upload.discard();
      notFound();
    }
    return handleThreadIntent(context, viewer, t, upload, `/logistics/pools/${access.pool.id}`);
  }
  await upload.discard();
  const here = `/logistics/pools/${params.id}`;
  // The quote form's fields are read by the domain (its surcharge rows depend on the pool's loads): first value each.
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in values)) values[k] = v;
  const extra = { values, intent: values.intent ?? "" };
  const parsed = parseForm(form, Intent);
  if (!parsed.ok) return actionError(parsed.error, extra);
  const f = parsed.data;
  try {
    if (f.intent === "accept" || f.intent === "decline") {
      await decideMembership(context, viewer, params.id ?? "", f.requestId, f.intent);
      return redirect(f.intent === "accept" ? `${here}?decided=accept` : `/logistics`);
    }
    if (!access) notFound();
    switch (f.intent) {
      case "share":
        await setContactSharing(context, viewer, access.pool.id, f.share === "on");
        return redirect(`${here}#contacts`);
      case "quote":
        await quotePool(context, viewer, access, values, f.version);
        return redirect(`${here}?quoted=1`);
      case "advance":
        await advancePool(context, viewer, access, f.to, f.version);
        return redirect(here);
      case "cancelPool":
        await cancelPool(context, viewer, access, f.version);
        return redirect(here);
    }
  } catch (err) {
    return actionError(err, extra);
  }
}

/** The last refusal of this page's own forms (the discussion's are shown by <ThreadSection>). */
function usePoolActionError() {
  const own = useActionError();
  return isThreadActionError(useActionData()) ? { error: null, intent: undefined, value: () => undefined } : own;
}

export default function PoolRoute() {
  const d = useLoaderData<typeof loader>();
  return d.kind === "pool" ? <PoolPage d={d} /> : <FormerMember code={d.code} />;
}

function FormerMember({ code }: { code: string }) {
  const t = useT();
  const { error } = usePoolActionError();
  return (
    <section className="page" aria-labelledby="pool-h">
      <h1 id="pool-h">{t("logistics.pool.title", { code })}</h1>
      <FormError error={error} />
      <Notice>{t("logistics.pool.former")}</Notice>
      <p>
        <Link to="/logistics">{t("nav.logistics")}</Link>
      </p>
    </section>
  );
}

type PoolData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "pool" }>;

function PoolPage({ d }: { d: PoolData }) {
  const t = useT();
  const locale = useLocale();
  const { error, intent, value } = usePoolActionError();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const { pool } = d;
  const free = Math.max(0, pool.vehicle.places - pool.used.places);
  // The quote form shows its own refusals; anyone else's (or one for a viewer without the form) shows at the top.
  const quoteErr = intent === "quote" && d.may.coordinate ? error : null;
  const otherErr = quoteErr ? null : error;

  return (
    <div className="pool-page">
      <p className="breadcrumb">
        <Link to="/logistics">{t("nav.logistics")}</Link>
      </p>
      <section className="page" aria-labelledby="pool-h">
        <div className="page-head">
          <h1 id="pool-h">{t("logistics.pool.title", { code: pool.code })}</h1>
          <StatusBadge status={pool.status} kind="pool" />
        </div>
        {params.get("proposed") ? <Notice>{t("logistics.pool.proposedNotice")}</Notice> : null}
        {params.get("quoted") ? <Notice>{t("logistics.pool.quotedNotice")}</Notice> : null}
        {params.get("decided") === "accept" ? <Notice>{t("logistics.pool.acceptedNotice")}</Notice> : null}
        {params.get("joined") ? <Notice>{t("logistics.pool.joinedNotice")}</Notice> : null}
        <FormError error={otherErr} />
        <p className="muted">{t("logistics.pool.privacy")}</p>
        <Facts>
          <Fact label={t("logistics.field.lane")}>
            <Lane from={pool.from} to={pool.to} />
          </Fact>
          <Fact label={t("logistics.pool.pickup")}>
            <Window from={pool.earliestPickup} to={pool.latestPickup} />
          </Fact>
          <Fact label={t("logistics.pool.deliveredBy")}>
            <time dateTime={pool.latestDelivery}>{formatDateTime(pool.latestDelivery, locale)}</time>
          </Fact>
          <Fact label={t("logistics.pool.vehicle")}>{t(`logistics.vehicle.${pool.vehicle.kind}`, { places: pool.vehicle.places, kg: num(pool.vehicle.kg, locale) })}</Fact>
          <Fact label={t("logistics.pool.capacity")}>
            {t("logistics.pool.capacityValue", {
              used: num(pool.used.places, locale),
              max: pool.vehicle.places,
              free: num(free, locale),
              kg: num(pool.used.kg, locale),
              maxKg: num(pool.vehicle.kg, locale),
            })}
          </Fact>
          <Fact label={t("logistics.pool.carrier")}>{pool.carrier ?? t("logistics.pool.noCarrier")}</Fact>
          {pool.quote ? (
            <>
              {pool.quote.amount ? <Fact label={t("logistics.pool.quote")}>{formatMoney(pool.quote.amount, locale)}</Fact> : null}
              {pool.quote.validUntil ? (
                <Fact label={t("logistics.pool.validUntil")}>
                  <time dateTime={pool.quote.validUntil}>{formatDateTime(pool.quote.validUntil, locale)}</time>
                </Fact>
              ) : null}
              <Fact label={t("logistics.pool.method")}>{t(`logistics.method.${pool.quote.method}`)}</Fact>
              {pool.quote.returnOffer ? <Fact label={t("logistics.pool.returnOffer")}>{formatMoney(pool.quote.returnOffer, locale)}</Fact> : null}
            </>
          ) : null}
        </Facts>
        <Notes title={t("logistics.notes.reasons")} items={pool.check.reasons} className="reasons" />
        <Notes title={t("logistics.notes.warnings")} items={pool.check.warnings} className="warnings" />
        <Notes title={t("logistics.notes.blockers")} items={pool.check.blockers} className="blockers" />
      </section>

      {pool.mine.length ? <PoolYourPart pool={pool} busy={busy} /> : null}
      <PoolMembers pool={pool} may={d.may} busy={busy} />
      {d.may.coordinate ? <PoolCoordination pool={pool} may={d.may} carriers={d.carriers} busy={busy} quoteErr={quoteErr} value={value} /> : null}

      {d.thread ? (
        <ThreadSection
          view={d.thread}
          heading={t("logistics.pool.discussion")}
          intro={<p className="muted">{t("logistics.pool.discussionHint")}</p>}
          empty={t("logistics.pool.noPosts")}
          cannotPost={<Notice>{t("logistics.pool.discussionClosed")}</Notice>}
        />
      ) : null}
    </div>
  );
}
