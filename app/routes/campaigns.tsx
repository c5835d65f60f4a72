import type { LoaderFunctionArgs } from "@remix-run/node";
import { useT } from "~/components/i18n";
import { requireMember } from "~/modules/auth/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMember(request, context);
  return null;
}

export default function Section() {
  const t = useT();
  return (
    <section className="page">
      <h1>{t("nav.campaigns")}</h1>
      <p className="coming-soon">{t("common.comingSoon")}</p>
    </section>
  );
}
