// B-render baseline for the member start page (docs/performance.md "Baselines"): a bare node:http server that runs the same
// SQL as the app (session lookup + member counts) on a pg pool of the same size and streams an equivalent React
// tree with renderToPipeableStream. No Remix, no Express, no router.
import http from "node:http";
import crypto from "node:crypto";
import pg from "pg";
import React from "react";
import { renderToPipeableStream } from "react-dom/server";

const [, , port, databaseUrl, secret] = process.argv;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const h = React.createElement;

function sessionId(cookieHeader) {
  const m = /(?:^|;\s*)session=([^;]+)/.exec(cookieHeader ?? "");
  if (!m) return null;
  const raw = decodeURIComponent(m[1]);
  const i = raw.lastIndexOf(".");
  const value = raw.slice(0, i);
  const sig = crypto.createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "");
  if (sig !== raw.slice(i + 1)) return null;
  return JSON.parse(Buffer.from(value, "base64").toString("utf8"));
}

const SESSION_SQL = `select "s"."id_hash", "s"."last_seen_at", "p"."id", "p"."name", "p"."email", "p"."locale", "p"."cluster_role", "p"."org_role",
  "p"."membership_status", "p"."email_verified_at", "p"."organisation_id", "o"."name" as "org_name", "o"."status" as "org_status"
  from "session" as "s" inner join "person" as "p" on "p"."id" = "s"."person_id" inner join "organisation" as "o" on "o"."id" = "p"."organisation_id"
  where "s"."id_hash" = $1 and "s"."expires_at" > $2 and "s"."last_seen_at" > $3 and "p"."deactivated_at" is null`;
const COUNTS_SQL = `select count(*)::int as "orgs", (select count(*)::int from person where membership_status = 'approved' and deactivated_at is null) as "people"
  from "organisation" where "status" = $1`;

function Page({ viewer, counts }) {
  const sections = ["Darba grupas", "Pasākumi", "Kampaņas", "Loģistika", "Katalogs"];
  return h("html", { lang: "lv" }, [
    h("head", { key: "h" }, [h("meta", { key: 1, charSet: "utf-8" }), h("title", { key: 2 }, "Dzīvības zinātņu klasteris"), h("link", { key: 3, rel: "stylesheet", href: "/styles.css" })]),
    h("body", { key: "b" }, [
      h(
        "header",
        { key: "hd", className: "site-header" },
        h("div", { className: "header-inner" }, [
          h("a", { key: "a", href: "/", className: "brand" }, "Dzīvības zinātņu klasteris"),
          h(
            "nav",
            { key: "n", "aria-label": "Galvenā navigācija" },
            h(
              "ul",
              null,
              sections.map((s) => h("li", { key: s }, h("a", { href: "/x" }, s))),
            ),
          ),
          h("form", { key: "f", method: "post", action: "/lang" }, [h("button", { key: 1, name: "lang", value: "lv" }, "LV"), h("button", { key: 2, name: "lang", value: "en" }, "EN")]),
          h("a", { key: "u", href: "/settings" }, viewer.name),
        ]),
      ),
      h(
        "main",
        { key: "m", id: "main" },
        h("section", { className: "page" }, [
          h("h1", { key: 1 }, `Sveicināti, ${viewer.name}`),
          h("p", { key: 2 }, `Jūsu organizācija: ${viewer.org_name}`),
          h("p", { key: 3, className: "muted" }, `${counts.orgs} biedru organizācijas · ${counts.people} cilvēki`),
          h(
            "nav",
            { key: 4, className: "tiles" },
            sections.map((s) => h("a", { key: s, href: "/x", className: "tile" }, [h("strong", { key: 1 }, s), h("span", { key: 2 }, "…")])),
          ),
        ]),
      ),
      h("footer", { key: "f", className: "site-footer" }, h("p", null, "Latvijas dzīvības zinātņu klastera biedru platforma")),
    ]),
  ]);
}

http
  .createServer(async (req, res) => {
    try {
      const id = sessionId(req.headers.cookie);
      if (!id) {
        res.writeHead(302, { location: "/login" }).end();
        return;
      }
      const now = new Date();
      const idHash = crypto.createHash("sha256").update(id).digest("hex");
      const s = await pool.query({ text: SESSION_SQL, values: [idHash, now, new Date(now.getTime() - 14 * 864e5)] });
      if (!s.rows[0]) {
        res.writeHead(302, { location: "/login" }).end();
        return;
      }
      const c = await pool.query({ text: COUNTS_SQL, values: ["approved"] });
      const stream = renderToPipeableStream(h(Page, { viewer: s.rows[0], counts: c.rows[0] }), {
        onShellReady() {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          stream.pipe(res);
        },
        onError() {
          res.statusCode = 500;
        },
      });
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  })
  .listen(Number(port), "127.0.0.1");
