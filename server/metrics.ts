// Metrics for operators (issue 15, item 6): Prometheus text format from prom-client, on GET /metrics. Off unless
// METRICS_TOKEN is set; then only a request with `Authorization: Bearer <token>` gets them (401 otherwise), so a reverse
// proxy in front of the app cannot make them public by accident. Each server has its own registry (tests start
// several servers in one process).
import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type express from "express";
import client from "prom-client";
import type { OpenDatabase } from "#db/client";

export interface Metrics {
  /** The request handler for GET /metrics (answers 404 when metrics are off). */
  handler: express.RequestHandler;
  /** Times every request by the Remix route it reached (or "static", "healthz", "metrics", "unmatched"). */
  timer: express.RequestHandler;
  /** One run of a periodic pass (reminders, digests, housekeeping). */
  periodicRun(task: string, ok: boolean, seconds: number): void;
}

export interface MetricsDeps {
  token?: string;
  build: ServerBuild;
  open: OpenDatabase;
  /** socket.io clients and rooms of this instance (null before socket.io attaches). */
  sockets: () => { clients: number; rooms: number } | null;
}

/** The build's route manifest as a route tree for matching a path to a route id (the id labels the histogram). */
function routeTree(build: ServerBuild): AgnosticRouteObject[] {
  const byParent = new Map<string | undefined, AgnosticRouteObject[]>();
  for (const r of Object.values(build.routes)) {
    const node = (r.index ? { id: r.id, index: true, path: r.path } : { id: r.id, path: r.path, caseSensitive: r.caseSensitive }) as AgnosticRouteObject;
    const list = byParent.get(r.parentId) ?? [];
    list.push(node);
    byParent.set(r.parentId, list);
  }
  const attach = (nodes: AgnosticRouteObject[]): AgnosticRouteObject[] =>
    nodes.map((n) => {
      const children = byParent.get(n.id);
      return children && !("index" in n && n.index) ? { ...n, children: attach(children) } : n;
    }) as AgnosticRouteObject[];
  return attach(byParent.get(undefined) ?? []);
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const duration = new client.Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer an HTTP request (until the response finished), by route id, method and status class",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const runs = new client.Counter({
    name: "periodic_runs_total",
    help: "Runs of the periodic passes (event and deliverable reminders, digests, housekeeping) by outcome",
    labelNames: ["task", "outcome"] as const,
    registers: [registry],
  });
  const runTime = new client.Histogram({
    name: "periodic_run_duration_seconds",
    help: "Duration of one run of a periodic pass",
    labelNames: ["task"] as const,
    buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  // For alerting on a pass that stopped running ("no digest run for an hour"): time() minus this.
  const lastOk = new client.Gauge({
    name: "periodic_last_success_timestamp_seconds",
    help: "When a periodic pass last finished without an error (Unix time)",
    labelNames: ["task"] as const,
    registers: [registry],
  });
  new client.Gauge({
    name: "db_pool_connections",
    help: "PostgreSQL connections of the request pool by state (in use, idle, callers waiting for one)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const s = deps.open.poolStats?.();
      if (!s) return;
      this.set({ state: "in_use" }, s.total - s.idle);
      this.set({ state: "idle" }, s.idle);
      this.set({ state: "waiting" }, s.waiting);
    },
  });
  // The mail queue's depth and the age of its oldest message, read once per scrape (mail_outbox_status_idx).
  let mailRead: Promise<{ depth: number; oldest: number }> | null = null;
  const readMail = () =>
    (mailRead ??= deps.open
      .executeSql<{ depth: number; oldest: number | null }>(
        "select count(*)::int as depth, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest from mail_outbox where status = 'queued'",
      )
      .then((r) => ({ depth: Number(r.rows[0]?.depth ?? 0), oldest: Number(r.rows[0]?.oldest ?? 0) }))
      .finally(() => setTimeout(() => (mailRead = null), 0)));
  new client.Gauge({
    name: "mail_queue_depth",
    help: "Messages waiting in the mail outbox (queued, not yet sent or failed)",
    registers: [registry],
    async collect() {
      this.set((await readMail()).depth);
    },
  });
  new client.Gauge({
    name: "mail_queue_oldest_age_seconds",
    help: "Age of the oldest message still waiting in the mail outbox (0 when none waits)",
    registers: [registry],
    async collect() {
      this.set((await readMail()).oldest);
    },
  });
  new client.Gauge({
    name: "socketio_clients",
    help: "socket.io clients connected to this instance",
    registers: [registry],
    collect() {
      this.set(deps.sockets()?.clients ?? 0);
    },
  });
  new client.Gauge({
    name: "socketio_rooms",
    help: "socket.io rooms on this instance (each socket's own room included)",
    registers: [registry],
    collect() {
      this.set(deps.sockets()?.rooms ?? 0);
    },
  });

  const routes = routeTree(deps.build);
  const routeOf = (req: express.Request): string => {
    const p = req.path;
    if (p === "/healthz") return "healthz";
    if (p === "/metrics") return "metrics";
    if (p.startsWith("/build/") || /\.[a-z0-9]+$/i.test(p)) return "static";
    const m = matchRoutes(routes, p);
    return m?.at(-1)?.route.id ?? "unmatched";
  };

  const expected = deps.token ? crypto.createHash("sha256").update(`Bearer ${deps.token}`).digest() : null;
  return {
    timer(req, res, next) {
      const start = process.hrtime.bigint();
      res.once("finish", () => {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        duration.observe({ route: routeOf(req), method: req.method, status: `${Math.floor(res.statusCode / 100)}xx` }, seconds);
      });
      next();
    },
    handler(req, res, next) {
      if (!expected) return next(); // off: the ordinary 404 page
      const given = crypto
        .createHash("sha256")
        .update(req.headers.authorization ?? "")
        .digest();
      if (!crypto.timingSafeEqual(given, expected)) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        return void res.status(401).type("text/plain").send("401");
      }
      registry.metrics().then(
        (text) => res.status(200).type(registry.contentType).send(text),
        (err) => next(err),
      );
    },
    periodicRun(task, ok, seconds) {
      runs.inc({ task, outcome: ok ? "ok" : "failed" });
      if (ok) lastOk.set({ task }, Date.now() / 1000);
      runTime.observe({ task }, seconds);
    },
  };
}
