import crypto from "node:crypto";
import path from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { AppContext, AppConfig } from "~/context";
import { sql } from "kysely";

type BaseContext = Omit<AppContext, "cspNonce" | "clientIp">;

function csp(nonce: string, config: AppConfig): string {
  const ws = config.allowedOrigins.map((o) => o.replace(/^http/, "ws")).join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Every state change is a POST from this origin: Fetch Metadata first, Origin/Referer as fallback (SEC-2). */
export function sameOriginRequest(headers: Record<string, string | string[] | undefined>, config: AppConfig): boolean {
  const site = headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin" || site === "none";
  let origin = headers.origin;
  if (typeof origin !== "string") {
    const ref = headers.referer;
    if (typeof ref !== "string") return false;
    try {
      origin = new URL(ref).origin;
    } catch {
      return false;
    }
  }
  return config.allowedOrigins.includes(origin);
}

export function createHttpApp(opts: {
  build: ServerBuild;
  root: string;
  base: BaseContext;
  trustProxy: boolean;
  log: (m: string) => void;
}) {
  const { base } = opts;
  const app = express();
  app.disable("x-powered-by");
  if (opts.trustProxy) app.set("trust proxy", true);

  app.use((req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.nonce = nonce;
    res.setHeader("Content-Security-Policy", csp(nonce, base.config));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (base.config.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });

  app.get("/healthz", async (_req, res) => {
    try {
      await Promise.race([
        sql`select 1`.execute(base.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
      ]);
      res.status(200).json({ status: "ok", database: "ok", engine: base.dbKind });
    } catch (err: any) {
      res.status(503).json({ status: "unavailable", database: "unreachable", engine: base.dbKind, error: String(err?.message ?? err) });
    }
  });

  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (req.path.startsWith("/socket.io/")) return next();
    if (sameOriginRequest(req.headers, base.config)) return next();
    res.status(403).type("text/plain; charset=utf-8").send(
      "Forbidden: this form was sent from another site.\nAizliegts: šī veidlapa tika nosūtīta no citas vietnes.",
    );
  });

  app.use("/build", express.static(path.join(opts.root, "public/build"), { immutable: true, maxAge: "1y" }));
  // Only paths that look like files reach the file system: a page request must not pay a stat() and a 404 error
  // object from express.static before it reaches Remix.
  const publicFiles = express.static(path.join(opts.root, "public"), { maxAge: "1h", index: false, fallthrough: true });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  app.all(
    "*",
    createRequestHandler({
      build: opts.build,
      mode: process.env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (req, res) => ({ ...base, cspNonce: res.locals.nonce as string, clientIp: req.ip ?? "" }),
    }),
  );

  app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    opts.log(`[http] ${err?.stack ?? err}`);
    if (!res.headersSent) res.status(500).type("text/plain; charset=utf-8").send("Internal error / Iekšēja kļūda");
  });
  return app;
}
