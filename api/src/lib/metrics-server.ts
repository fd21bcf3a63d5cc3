// A process's internal HTTP listener: /metrics for Prometheus, and whatever probes the process adds
// (the keeper's /health and /ready). It is a listener apart from the public one on purpose: a
// scrape must reach this very process (behind a load balancer the public port answers from any of
// them), it never counts against the public rate limits, and it binds to an internal interface so
// route traffic, error rates and balances are not published to the internet (docs/metrics.md).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface ProbeResult {
  status: number;
  body: unknown;
}

export interface MetricsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Further GET endpoints, answered as JSON: path → probe. */
  probes?: Record<string, () => Promise<ProbeResult>>;
  onError?: (err: unknown) => void;
}

export interface MetricsServer {
  /** http://host:port, with the port actually bound (a 0 asks the OS for a free one). */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { registry, probes = {} } = options;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const send = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
      response.end(body);
    };
    if (request.method !== "GET") return send(405, "text/plain", "method not allowed\n");
    const answer = async () => {
      if (path === "/metrics") return send(200, registry.contentType, await registry.metrics());
      const probe = probes[path];
      if (!probe) return send(404, "text/plain", "not found\n");
      const { status, body } = await probe();
      return send(status, "application/json", JSON.stringify(body));
    };
    answer().catch((err) => {
      options.onError?.(err);
      if (!response.headersSent) send(500, "text/plain", "internal error\n");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
