// The API process: validates the environment, serves until SIGINT/SIGTERM, then stops taking
// requests, lets in-flight ones finish and closes the database pool and the IPFS node.
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config/env.ts";
import { PendingMigrationsError } from "./db/migrate.ts";
import { startMetricsServer } from "./lib/metrics-server.ts";

const SHUTDOWN_GRACE_MS = 10_000;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = await buildApp(config).catch((error) => {
  if (!(error instanceof PendingMigrationsError)) throw error;
  console.error(error.message);
  process.exit(1);
});
// Prometheus scrapes each process on its internal listener, not through the public port.
const metricsServer = await startMetricsServer({
  host: config.API_METRICS_HOST,
  port: config.API_METRICS_PORT,
  registry: app.metrics.registry,
  onError: (err) => app.log.warn({ err }, "metrics scrape failed"),
});
app.addHook("onClose", () => metricsServer.close());
app.log.info({ url: metricsServer.url }, "metrics listening");
let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      app.log.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, "shutdown failed");
      process.exit(1);
    }
  });
}

await app.listen({ host: config.API_HOST, port: config.API_PORT });
