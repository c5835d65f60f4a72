import { redirect } from "@remix-run/node";
import type { AppContext } from "~/context";
import { isActiveMember, type Viewer } from "~/modules/policy/facts";
import { getViewer, loginRedirect } from "./session.server";

type Ctx = Pick<AppContext, "db" | "config">;

/** Signed in (any status), else to /login with redirectTo. */
export async function requireViewer(request: Request, ctx: Ctx): Promise<Viewer> {
  const viewer = await getViewer(request, ctx);
  if (!viewer) loginRedirect(request);
  return viewer;
}

/** An approved member with a confirmed email; people still waiting see only /pending. */
export async function requireMember(request: Request, ctx: Ctx): Promise<Viewer> {
  const viewer = await requireViewer(request, ctx);
  if (!isActiveMember(viewer)) throw redirect("/pending");
  return viewer;
}
