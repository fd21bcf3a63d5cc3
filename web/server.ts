// The web app's production server (the web image's command): checks the environment the way the
// API does, then serves the `next build` output through Next's request handler, with /health for
// liveness and readiness (it listens only once Next has loaded the build). `next start` would
// serve the same build but could neither refuse a bad environment before the first request nor
// answer a probe without rendering a page.
import { createServer } from "node:http";
import next from "next";

const env = process.env;
const production = env.NODE_ENV === "production";
const problems: string[] = [];
if (production && !env.WEB_API_URL) problems.push("  WEB_API_URL: required in production (the default is the dev API)");
// The dev wallets are the public test mnemonic's accounts: never offered to real users.
if (production && ["1", "true"].includes(env.WEB_LOCAL_CHAIN?.trim().toLowerCase() ?? ""))
  problems.push("  WEB_LOCAL_CHAIN: the local chain and its dev wallets are refused in production");
const port = Number(env.WEB_PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`  WEB_PORT: not a port: ${env.WEB_PORT}`);
if (problems.length > 0) {
  console.error(`invalid environment:\n${problems.join("\n")}`);
  process.exit(1);
}
// Unset, the local chain is offered wherever its RPC URL is set (web/src/config/runtime.ts).
if (production) env.WEB_LOCAL_CHAIN = "0";
const host = env.WEB_HOST || "127.0.0.1";

const app = next({ dev: false, dir: import.meta.dirname, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  if (request.url === "/health") {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    response.end(JSON.stringify({ success: true, data: { status: "ok", uptimeSeconds: Math.round(process.uptime()) } }));
    return;
  }
  void handle(request, response);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.closeIdleConnections();
    server.close(() => void app.close().then(() => process.exit(0)));
  });
}
server.listen(port, host, () => console.log(`web: serving on http://${host}:${port}`));
