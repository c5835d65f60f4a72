import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { LogisticsTabs } from "~/components/logistics";
import { useT } from "~/components/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";

// Cooperative logistics: the section's tabs around its pages (requests, lanes, a new request, pools).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "logistics.use" });
  return null;
}

export default function LogisticsLayout() {
  const t = useT();
  return (
    <div className="logistics">
      <LogisticsTabs />
      <Outlet />
      {/* The gazetteer's licence (CC BY 4.0) asks for attribution: docs/logistics-gazetteer.md. */}
      <p className="muted credits">
        <small>{t("logistics.places.credit")}</small>
      </p>
    </div>
  );
}
