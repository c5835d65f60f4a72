import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { LogisticsTabs } from "~/components/logistics";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";

// Cooperative logistics: the section's tabs around its pages (requests, lanes, a new request, pools).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "logistics.use" });
  return null;
}

export default function LogisticsLayout() {
  return (
    <div className="logistics">
      <LogisticsTabs />
      <Outlet />
    </div>
  );
}
