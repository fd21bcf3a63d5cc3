// The keeper's HTTP face for an orchestrator, in the API's envelope: /health answers while the
// process runs, /ready while its loop keeps turning and the database answers. A keeper standing by
// (another one holds the lock) is ready too: it takes over as soon as the leader's session ends.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";
import { ok } from "@p2p-escrow/protocol/schemas/envelope";

export interface KeeperProbe {
  /** When the loop last finished a turn (as leader or standing by), in ms since the epoch. */
  lastTurnAt: () => number;
  /** How long a turn may take before the keeper counts as stuck. */
  stuckAfterMs: number;
  /** Resolves when the database answers a query. */
  database: () => Promise<void>;
}

function send(response: ServerResponse, status: number, body: object) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

const refuse = (response: ServerResponse, status: number, code: ApiErrorCode, message: string, details: unknown = null) =>
  send(response, status, { success: false, error: { code, message, details } });

export async function serveKeeperProbes(host: string, port: number, probe: KeeperProbe): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = request.url?.split("?")[0];
    if (request.method !== "GET" || (path !== "/health" && path !== "/ready")) return refuse(response, 404, "NOT_FOUND", "Not found");
    if (path === "/health") return send(response, 200, ok({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }));
    const database = await probe.database().then(
      () => true,
      () => false,
    );
    const sinceTurnMs = Date.now() - probe.lastTurnAt();
    const report = { database, sinceTurnMs, stuckAfterMs: probe.stuckAfterMs };
    if (database && sinceTurnMs <= probe.stuckAfterMs) return send(response, 200, ok(report));
    refuse(response, 503, "NOT_READY", "A dependency is not ready", report);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
