import crypto from "node:crypto";
import type { Metrics } from "./metrics";
import path from "node:path";
import type http from "node:http";
import { Transform, type Readable } from "node:stream";
import express from "express";
import compression from "compression";
import { createReadableStreamFromReadable, createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { AppContext, AppConfig } from "~/context";
import { isMessageKey, translator, type Locale, type MessageKey, type Vars } from "~/i18n";
import { fromAcceptLanguage, langCookie } from "~/modules/i18n/locale.server";
import { isLocale } from "~/i18n";
import { routeMessagesJson } from "~/i18n/route-messages.server";
import { describeError } from "~/lib/log";
import { isDatabaseUnavailable } from "#db/client";
import { DEFAULT_BODY_LIMITS, type BodyLimits } from "./config";

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
  const origin = claimedOrigin(headers);
  return origin !== null && config.allowedOrigins.includes(origin);
}

/** The origin a request says it comes from (Origin, else Referer's origin), or null. */
function claimedOrigin(headers: Record<string, string | string[] | undefined>): string | null {
  if (typeof headers.origin === "string") return headers.origin;
  if (typeof headers.referer !== "string") return null;
  try {
    return new URL(headers.referer).origin;
  } catch {
    return null;
  }
}

// ----- small translated pages for refusals made before Remix runs ---------------------------------------------

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function pageLocale(req: express.Request): Promise<Locale> {
  const fromCookie = await langCookie.parse(req.headers.cookie ?? null).catch(() => null);
  if (isLocale(fromCookie)) return fromCookie;
  return fromAcceptLanguage(req.headers["accept-language"] ?? null);
}

interface PageText {
  title: MessageKey;
  body: MessageKey;
  detail?: { key: MessageKey; vars?: Vars };
}

export async function sendErrorPage(req: express.Request, res: express.Response, status: number, text: PageText): Promise<void> {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const lang = await pageLocale(req);
  const t = translator(lang);
  const title = escapeHtml(t(text.title));
  const detail = text.detail ? `<p class="muted">${escapeHtml(t(text.detail.key, text.detail.vars))}</p>` : "";
  res
    .status(status)
    .type("text/html; charset=utf-8")
    .send(
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title}</title><link rel="stylesheet" href="/styles.css"></head><body><main id="main">` +
        `<section class="error-page"><p class="error-status">${status}</p><h1>${title}</h1><p>${escapeHtml(t(text.body))}</p>${detail}` +
        `<p><a href="/">${escapeHtml(t("error.goHome"))}</a></p></section></main></body></html>`,
    );
}

// ----- request bodies --------------------------------------------------------------------------------------------

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

function mediaType(req: http.IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";", 1)[0].trim().toLowerCase();
}

function hasBody(req: http.IncomingMessage): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

class PayloadTooLargeError extends Error {}

/** The request body as Remix reads it, counted as it streams: past the cap the stream fails and `onOver` runs. */
function cappedBody(req: http.IncomingMessage, limit: number, onOver: () => void): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) {
        onOver();
        cb(new PayloadTooLargeError(`request body over ${limit} bytes`));
        return;
      }
      cb(null, chunk);
    },
  });
  req.once("error", (err) => counter.destroy(err));
  req.once("close", () => {
    if (!req.complete) counter.destroy(new Error("request aborted"));
  });
  // A reader that gives up destroys `counter`, never `req`: the socket must stay usable for our answer.
  return req.pipe(counter);
}

// ----- Remix ------------------------------------------------------------------------------------------------------

/** Headers set for every response that a route may set differently (files/download.server.ts). */
const ROUTE_OWNED_HEADERS = new Set(["content-security-policy", "x-content-type-options", "x-frame-options", "cross-origin-resource-policy"]);

async function locale(request: Request): Promise<Locale> {
  const fromCookie = await langCookie.parse(request.headers.get("cookie")).catch(() => null);
  return isLocale(fromCookie) ? fromCookie : fromAcceptLanguage(request.headers.get("accept-language"));
}

/**
 * Every loader and action, for the root error boundary's sake:
 * - a database that does not answer (connection or statement timeout, refused, restarted) becomes a 503 with a
 *   translated page instead of a 500 and a stack trace per request;
 * - a refusal thrown as text (e.g. readForm's message keys) carries the request's language along: when an action
 *   throws, Remix skips the root loader, so the boundary would not know it.
 */
function withTranslatedErrors(build: ServerBuild, log: (m: string) => void): ServerBuild {
  const json = (status: number, body: unknown, headers?: Headers) => {
    const h = new Headers(headers);
    h.set("Content-Type", "application/json; charset=utf-8");
    h.delete("Content-Length");
    return new Response(JSON.stringify(body), { status, headers: h });
  };
  // A resource route (no page) sends a thrown Response as it is: give it the translated text itself.
  const text = (status: number, body: string, headers?: Headers) => {
    const h = new Headers(headers);
    h.set("Content-Type", "text/plain; charset=utf-8");
    h.delete("Content-Length");
    return new Response(body, { status, headers: h });
  };
  const guard =
    <A extends { request: Request }>(fn: (args: A) => unknown, page: boolean) =>
    async (args: A) => {
      try {
        return await fn(args);
      } catch (err) {
        if (err instanceof Response) {
          if (err.status < 400 || /json/i.test(err.headers.get("content-type") ?? "")) throw err;
          const message = await err
            .clone()
            .text()
            .catch(() => "");
          if (!isMessageKey(message)) {
            if (!page) throw err;
            throw json(err.status, { message: message.length < 300 ? message : "", locale: await locale(args.request) }, err.headers);
          }
          if (page) throw json(err.status, { message, locale: await locale(args.request) }, err.headers);
          throw text(err.status, translator(await locale(args.request))(message), err.headers);
        }
        if (!isDatabaseUnavailable(err)) throw err;
        log(`[db] unavailable: ${(err as Error)?.message ?? err}`);
        const headers = new Headers({ "Retry-After": "30" });
        if (page) throw json(503, { message: "http.503.body", locale: await locale(args.request) }, headers);
        const t = translator(await locale(args.request));
        throw text(503, `${t("http.503.title")}\n${t("http.503.body")}`, headers);
      }
    };
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const m = route.module;
    const module = { ...m };
    const page = typeof m.default === "function" || id === "root";
    if (typeof m.loader === "function") module.loader = guard(m.loader, page);
    if (typeof m.action === "function") module.action = guard(m.action, page);
    routes[id] = { ...route, module: module as typeof route.module };
  }
  return { ...build, routes };
}

/**
 * Writes a response body to the socket as fast as the client takes it. Remix's writeReadableStreamToWritable never
 * waits for "drain", so a slow client downloading a 25 MB file made the whole file pile up in memory; here the next
 * chunk is read only when the socket has room, and a closed connection cancels the body (which stops its queries).
 * Each write is flushed so a streamed page's Suspense chunks pass the compression middleware at once.
 */
export async function pipeBody(body: ReadableStream<Uint8Array>, res: express.Response): Promise<void> {
  const reader = body.getReader();
  const flushable = res as express.Response & { flush?: () => void };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel().catch(() => {});
        return;
      }
      const room = res.write(value);
      flushable.flush?.();
      if (!room && !res.destroyed) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off("drain", go);
            res.off("close", go);
            resolve();
          };
          res.on("drain", go);
          res.on("close", go);
        });
      }
    }
    res.end();
  } catch (error) {
    await reader.cancel().catch(() => {});
    res.destroy(error as Error);
    throw error;
  }
}

/**
 * Our own Express → Remix bridge (instead of @remix-run/express) for three reasons:
 * - the body reaches Remix through a counting stream (the cap holds for chunked bodies and for every route);
 * - the URL is built on APP_ORIGIN, never on a Host header a client or proxy chose;
 * - Remix's own CSRF check compares Origin with Host/X-Forwarded-Host, which a load balancer rewrites, and fails
 *   with a 500. Our check (above) already accepted the request against APP_ORIGIN, so Remix is given a Host that
 *   matches the Origin the browser sent.
 */
function remixHandler(opts: {
  build: ServerBuild;
  appOrigin: string;
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext | Promise<AppLoadContext>;
}): express.RequestHandler {
  const handle = createRequestHandler(opts.build, process.env.NODE_ENV === "development" ? "development" : "production");
  const appHost = new URL(opts.appOrigin).host;
  return async (req, res, next) => {
    let tooLarge = false;
    let controller: AbortController | null = new AbortController();
    res.on("finish", () => (controller = null));
    res.on("close", () => controller?.abort());
    try {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
      }
      headers.delete("x-forwarded-host");
      let host = appHost;
      const origin = headers.get("origin");
      if (origin) {
        try {
          host = new URL(origin).host; // "null" (an opaque origin) throws too
        } catch {
          headers.delete("origin");
        }
      }
      headers.set("host", host);
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const limit = (res.locals.bodyLimit as number | undefined) ?? DEFAULT_BODY_LIMITS.formBytes;
        const body = cappedBody(req, limit, () => {
          tooLarge = true;
          controller?.abort();
        });
        init.body = createReadableStreamFromReadable(body);
        init.duplex = "half";
      }
      const request = new Request(opts.appOrigin + res.locals.path, init);
      const response = await handle(request, await opts.getLoadContext(req, res));
      if (tooLarge) {
        await response.body?.cancel().catch(() => {});
        res.setHeader("Connection", "close");
        return sendErrorPage(req, res, 413, { title: "http.413.title", body: "http.413.body" });
      }
      res.statusMessage = response.statusText;
      res.status(response.status);
      // A route's own security headers replace the site-wide ones (a file download's CSP sandbox); the rest add up.
      for (const [key, value] of response.headers.entries()) {
        if (ROUTE_OWNED_HEADERS.has(key)) res.setHeader(key, value);
        else res.append(key, value);
      }
      // An unread (oversized) body must not keep the connection busy; the client can retry on a new one.
      if (response.status === 413) res.setHeader("Connection", "close");
      if (response.status === 503 && !response.headers.has("retry-after")) res.setHeader("Retry-After", "30");
      if (response.body) await pipeBody(response.body, res);
      else res.end();
    } catch (err) {
      if (tooLarge) {
        res.setHeader("Connection", "close");
        return sendErrorPage(req, res, 413, { title: "http.413.title", body: "http.413.body" });
      }
      next(err);
    }
  };
}

export function createHttpApp(opts: {
  build: ServerBuild;
  root: string;
  base: BaseContext;
  trustProxy: boolean;
  /** Repeat-limited log (identical lines are folded). */
  log: (m: string) => void;
  /** Answers unless the database fails to answer within the time given (its own connection, not a pool slot). */
  ping: (timeoutMs: number) => Promise<void>;
  bodyLimits?: BodyLimits;
  metrics?: Metrics;
}) {
  const { base, log } = opts;
  const limits = opts.bodyLimits ?? DEFAULT_BODY_LIMITS;
  const config = base.config;
  const app = express();
  app.disable("x-powered-by");
  if (opts.trustProxy) app.set("trust proxy", true);
  if (opts.metrics) app.use(opts.metrics.timer);
  // Pages, scripts, styles and JSON go out compressed (gzip or deflate, as the browser asks). Downloads of stored
  // files are sent as they are: they may be answered in byte ranges, which compressing would break.
  app.use(compression({ filter: (req, res) => !req.path.startsWith("/files/") && compression.filter(req, res) }));

  app.use((req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.nonce = nonce;
    res.setHeader("Content-Security-Policy", csp(nonce, config));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (config.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });

  // A path Remix and express.static would fail to decode (URIError → 500) is the client's mistake: 400.
  app.use((req, res, next) => {
    const raw = req.originalUrl;
    let target: string | null = raw.startsWith("/") ? raw : null;
    if (target === null) {
      try {
        const u = new URL(raw); // absolute-form request line
        target = u.pathname + u.search;
      } catch {
        target = null;
      }
    }
    try {
      if (target === null) throw new URIError("not a path");
      decodeURIComponent(target.split("?", 1)[0]);
    } catch {
      return void sendErrorPage(req, res, 400, { title: "error.400.title", body: "http.badUrl" });
    }
    res.locals.path = target;
    next();
  });

  if (opts.metrics) app.get("/metrics", opts.metrics.handler);

  app.get("/healthz", async (_req, res) => {
    try {
      await opts.ping(2000);
      res.status(200).json({ status: "ok", database: "ok", engine: base.dbKind });
    } catch (err) {
      res.status(503).json({ status: "unavailable", database: "unreachable", engine: base.dbKind, error: String((err as Error | null)?.message ?? err) });
    }
  });

  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (sameOriginRequest(req.headers, config)) return next();
    // RFC 8058 one-click unsubscribe: mail providers POST from elsewhere; the signed token is the authority (no cookie).
    if (/^\/unsubscribe\/[^/]+$/.test(req.path)) return next();
    const origin = claimedOrigin(req.headers);
    const site = req.headers["sec-fetch-site"];
    log(
      `[http] 403 cross-site ${req.method} ${JSON.stringify(req.path)}: ` +
        (typeof site === "string" ? `Sec-Fetch-Site ${JSON.stringify(site)}` : `Origin ${JSON.stringify(origin)}`) +
        ` is not APP_ORIGIN ${config.appOrigin} (behind a proxy, APP_ORIGIN must be the public address browsers use)`,
    );
    void sendErrorPage(req, res, 403, {
      title: "error.403.title",
      body: "error.csrf",
      detail: origin ? { key: "http.csrfDetail", vars: { origin, appOrigin: config.appOrigin } } : { key: "http.csrfNoOrigin" },
    });
  });

  // Bodies: only forms, and never more than the cap, whatever the route (readForm's per-route caps are lower).
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const type = mediaType(req);
    if (!type && !hasBody(req)) return next();
    if (!FORM_TYPES.has(type)) {
      res.setHeader("Connection", "close");
      return void sendErrorPage(req, res, 415, { title: "http.415.title", body: "http.415.body" });
    }
    const limit = type === "multipart/form-data" ? limits.multipartBytes : limits.formBytes;
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      res.setHeader("Connection", "close");
      return void sendErrorPage(req, res, 413, { title: "http.413.title", body: "http.413.body" });
    }
    res.locals.bodyLimit = limit;
    next();
  });

  // The browser's messages for the routes it shows (app/i18n/load.ts): the build version is in the address, so an
  // answer for the current build never changes (cached for good); another build's address gets today's messages,
  // not cached.
  const buildVersion = opts.build.assets.version;
  app.get("/i18n/:version/:locale", (req, res) => {
    const locale = req.params.locale;
    const r = typeof req.query.r === "string" ? req.query.r : "";
    if (!isLocale(locale) || r.length > 2000) return void res.status(404).type("text/plain; charset=utf-8").send("Not found / Nav atrasts");
    res.setHeader("Cache-Control", req.params.version === buildVersion ? "public, max-age=31536000, immutable" : "no-cache");
    res.type("application/json; charset=utf-8").send(routeMessagesJson(locale, r.split(",")));
  });

  // Remix fingerprints everything under /build (a content hash in each name): cached for good.
  app.use("/build", express.static(path.join(opts.root, "public/build"), { immutable: true, maxAge: "1y" }));
  // Only paths that look like files reach the file system: a page request must not pay a stat() and a 404 error
  // object from express.static before it reaches Remix.
  const publicFiles = express.static(path.join(opts.root, "public"), { maxAge: "1h", index: false, fallthrough: true });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  app.all(
    "*",
    remixHandler({
      build: withTranslatedErrors(opts.build, log),
      appOrigin: config.appOrigin,
      getLoadContext: (req, res) => ({ ...base, cspNonce: res.locals.nonce as string, clientIp: req.ip ?? "" }),
    }),
  );

  // Express hands over whatever was thrown or passed to next(err); body-parser and static errors carry a status.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = err as { status?: unknown; statusCode?: unknown } | null | undefined;
    const status = Number(e?.status ?? e?.statusCode);
    if (status >= 400 && status < 500) {
      const text: PageText =
        status === 404
          ? { title: "error.404.title", body: "error.404.body" }
          : status === 403
            ? { title: "error.403.title", body: "error.403.body" }
            : { title: "error.400.title", body: "http.badUrl" };
      return void sendErrorPage(req, res, status, text);
    }
    log(`[http] ${req.method} ${JSON.stringify(req.path)}: ${describeError(err)}`);
    if (!res.headersSent) res.status(500).type("text/plain; charset=utf-8").send("Internal error / Iekšēja kļūda");
    else res.destroy();
  });
  return app;
}

/**
 * The HTTP server's one request listener, registered before socket.io attaches: engine.io then wraps it and keeps
 * every /socket.io/ request to itself (two listeners answering one request crashed the process). It also counts
 * requests in flight, so a stop can wait for them, and turns a synchronous throw into a 500 instead of a crash.
 */
export function requestGate(server: http.Server, log: (m: string) => void) {
  let handler: http.RequestListener | null = null;
  let active = 0;
  let stopping = false;
  const idle: Array<() => void> = [];
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    active++;
    let counted = true;
    res.once("close", () => {
      if (!counted) return;
      counted = false;
      active--;
      if (stopping) {
        // A keep-alive connection whose request just finished: close it now rather than at its idle timeout.
        setImmediate(() => server.closeIdleConnections());
        if (active === 0) idle.splice(0).forEach((wake) => wake());
      }
    });
    if (stopping) res.setHeader("Connection", "close");
    if (!handler) {
      res.statusCode = 503;
      res.setHeader("Retry-After", "5");
      res.end();
      return;
    }
    try {
      handler(req, res);
    } catch (err) {
      log(`[http] ${req.method} ${JSON.stringify(req.url)}: ${describeError(err)}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Internal error / Iekšēja kļūda");
      } else res.destroy();
    }
  });
  return {
    use(app: http.RequestListener) {
      handler = app;
    },
    get active() {
      return active;
    },
    /** Stop taking new work on kept-alive connections; resolves true when every request in flight has answered. */
    drain(timeoutMs: number): Promise<boolean> {
      stopping = true;
      server.closeIdleConnections();
      if (active === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
