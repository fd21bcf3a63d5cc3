// The API's Prometheus metrics, one registry per app (tests build several apps in one process).
// Served by server.ts on its own internal listener (API_METRICS_HOST:API_METRICS_PORT), never on the
// public port: docs/metrics.md says why and lists every series.
//
// Labels are bounded by construction: `route` is the route's pattern (`/orders/:chainId/:orderId`),
// never the requested URL, which a client could vary without end to create series; requests no
// route matched share `route="unmatched"`; `code` is one of the API's error codes or "OTHER".

import type {} from "@fastify/websocket";
import { API_ERROR_CODES } from "@p2p-escrow/protocol/error-codes";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Registry } from "prom-client";
import { metricsRegistry } from "../../lib/metrics-registry.ts";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ERROR_CODES = new Set<string>(API_ERROR_CODES);
export const UNMATCHED_ROUTE = "unmatched";

export interface ApiMetrics {
  registry: Registry;
  /** A realtime event was handed to this process's sockets; `createdAt` is when it was stored. */
  realtimeDelivered(createdAt: string): void;
}

declare module "fastify" {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
}

/** The envelope's `error.code` of an error response, bounded to the known codes. */
function errorCodeOf(payload: unknown): string {
  if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return "OTHER";
  try {
    const code = (JSON.parse(payload.toString()) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" && ERROR_CODES.has(code) ? code : "OTHER";
  } catch {
    return "OTHER";
  }
}

export default fp(
  async function metrics(app: FastifyInstance) {
    const { registry, counter, gauge, histogram } = metricsRegistry();

    const requestDuration = histogram({
      name: "p2p_api_http_request_duration_seconds",
      help: "Time from receiving a request to sending its response, by route pattern; its _count is the request count",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    const errors = counter({
      name: "p2p_api_http_errors_total",
      help: "Responses with a 4xx or 5xx status, by route pattern and the envelope's error code",
      labelNames: ["method", "route", "status_code", "code"] as const,
    });
    gauge({
      name: "p2p_api_websocket_connections",
      help: "Open WebSocket connections on this process",
      collect() {
        this.set(app.websocketServer?.clients.size ?? 0);
      },
    });
    const opened = counter({
      name: "p2p_api_websocket_connections_opened_total",
      help: "WebSocket connections accepted by this process",
    });
    const realtimeLag = histogram({
      name: "p2p_api_realtime_delivery_lag_seconds",
      help: "Time from a realtime event's storing (its transaction's start, by PostgreSQL's clock) to its hand-off to this process's sockets",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    gauge({
      name: "p2p_api_indexer_watcher_leader",
      help: "1 when this process leads the indexer watcher (exactly one process should)",
      collect() {
        this.set(app.hasDecorator("indexerWatcher") && app.indexerWatcher.leading() ? 1 : 0);
      },
    });

    app.addHook("onReady", async () => {
      app.websocketServer?.on("connection", () => opened.inc());
    });

    const errorCodes = new WeakMap<FastifyRequest, string>();
    app.addHook("onSend", async (request, reply, payload) => {
      if (reply.statusCode >= 400) errorCodes.set(request, errorCodeOf(payload));
      return payload;
    });
    app.addHook("onResponse", async (request, reply) => {
      const labels = {
        method: METHODS.has(request.method) ? request.method : "OTHER",
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      };
      requestDuration.observe(labels, reply.elapsedTime / 1000);
      if (reply.statusCode >= 400) errors.inc({ ...labels, code: errorCodes.get(request) ?? "OTHER" });
    });

    app.decorate("metrics", {
      registry,
      realtimeDelivered(createdAt) {
        const lag = (Date.now() - Date.parse(createdAt)) / 1000;
        // Clocks of the database and this host differ slightly: never a negative lag.
        if (Number.isFinite(lag)) realtimeLag.observe(Math.max(0, lag));
      },
    } satisfies ApiMetrics);
  },
  { name: "metrics" },
);
