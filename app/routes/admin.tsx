import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { requireMember } from "~/modules/auth/guards.server";
import { assertCan } from "~/modules/policy/authorize.server";

// Layout of /admin/*: cluster admins only (each child loader checks its own permission as well,
// since Remix runs parent and child loaders in parallel).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireMember(request, context);
  assertCan(viewer, { action: "admin.area" });
  return null;
}

export default function AdminLayout() {
  const t = useT();
  const tabs = [
    ["/admin", "admin.nav.overview"],
    ["/admin/people", "admin.nav.people"],
    ["/admin/audit", "admin.nav.audit"],
    ["/admin/outbox", "admin.nav.outbox"],
    ["/admin/erasure", "admin.nav.erasure"],
  ] as const;
  return (
    <section className="page admin">
      <nav className="tabs" aria-label={t("admin.nav.label")}>
        {tabs.map(([to, key]) => (
          <NavLink key={to} to={to} end={to === "/admin"}>
            {t(key)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </section>
  );
}
