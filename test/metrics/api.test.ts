// The API's Prometheus metrics, scraped from their own listener (the one server.ts starts) while
// requests, WebSockets and realtime events go through the app on embedded PostgreSQL.
import { userRoom } from "@p2p-escrow/protocol/rooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetricsServer, startMetricsServer } from "../../api/src/lib/metrics-server.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { appForFile, newAccount, signIn } from "../api/helper.ts";
import { RealtimeClient } from "../api/realtime-client.ts";
import { samplesOf, sampleValue, scrape } from "./scrape.ts";

const t = appForFile();
let metrics: MetricsServer;
let publicUrl: string;

beforeAll(async () => {
  metrics = await startMetricsServer({ host: "127.0.0.1", port: 0, registry: t.app.metrics.registry });
  publicUrl = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => metrics?.close());

const scrapeApi = () => scrape(`${metrics.url}/metrics`);
const requestCount = (samples: Awaited<ReturnType<typeof scrapeApi>>, labels: Record<string, string>) =>
  sampleValue(samples, "p2p_api_http_request_duration_seconds_count", labels) ?? 0;

describe("API metrics", () => {
  it("counts requests and their latency per route pattern, never per requested URL", async () => {
    const addresses = [newAccount().address, newAccount().address, newAccount().address];
    for (const address of addresses)
      expect((await t.app.inject({ method: "GET", url: `/profiles/${address}` })).statusCode).toBeLessThan(500);

    const samples = await scrapeApi();
    const byRoute = samplesOf(samples, "p2p_api_http_request_duration_seconds_count", { method: "GET", route: "/profiles/:address" });
    expect(byRoute.reduce((sum, s) => sum + s.value, 0)).toBe(3);
    // A latency histogram, in seconds: every observation is under the top bucket.
    const status = byRoute[0]!.labels.status_code!;
    expect(
      sampleValue(samples, "p2p_api_http_request_duration_seconds_bucket", {
        route: "/profiles/:address",
        status_code: status,
        le: "+Inf",
      }),
    ).toBe(byRoute[0]!.value);
    for (const address of addresses) expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes(address)))).toBe(false);
  });

  it("puts every request no route matched under one label, whatever its path", async () => {
    const before = requestCount(await scrapeApi(), { route: "unmatched", status_code: "404" });
    for (const path of ["/no/such/1", "/no/such/2", `/${"x".repeat(50)}`]) await t.app.inject({ method: "GET", url: path });

    const samples = await scrapeApi();
    expect(requestCount(samples, { method: "GET", route: "unmatched", status_code: "404" }) - before).toBe(3);
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes("/no/such")))).toBe(false);
    expect(
      sampleValue(samples, "p2p_api_http_errors_total", { method: "GET", route: "unmatched", status_code: "404", code: "NOT_FOUND" }),
    ).toBeGreaterThanOrEqual(3);
  });

  it("counts errors by route and the envelope's error code", async () => {
    const refused = await t.app.inject({ method: "POST", url: "/auth/verify", payload: { message: 42 } });
    expect(refused.statusCode).toBe(400);
    const unauthenticated = await t.app.inject({ method: "GET", url: "/profiles/me" });
    expect(unauthenticated.statusCode).toBe(401);

    const samples = await scrapeApi();
    expect(
      sampleValue(samples, "p2p_api_http_errors_total", { route: "/auth/verify", status_code: "400", code: "VALIDATION_FAILED" }),
    ).toBe(1);
    expect(sampleValue(samples, "p2p_api_http_errors_total", { route: "/profiles/me", status_code: "401", code: "UNAUTHENTICATED" })).toBe(
      1,
    );
  });

  it("is not served on the public port", async () => {
    expect((await fetch(`${publicUrl}/metrics`)).status).toBe(404);
  });

  it("counts open WebSocket connections and measures the lag of realtime events handed to them", async () => {
    const account = newAccount();
    const token = await signIn(t.app, account);
    const lagCount = async () => sampleValue(await scrapeApi(), "p2p_api_realtime_delivery_lag_seconds_count") ?? 0;
    const lagBefore = await lagCount();

    const client = await RealtimeClient.open(`${publicUrl.replace("http", "ws")}/realtime`);
    await client.auth(token);
    let samples = await scrapeApi();
    expect(sampleValue(samples, "p2p_api_websocket_connections")).toBe(1);
    expect(sampleValue(samples, "p2p_api_websocket_connections_opened_total")).toBeGreaterThanOrEqual(1);

    await t.app.realtime.publish({ rooms: [userRoom(account.address)], kind: "test.ping", payload: {} });
    await client.next((m) => m.type === "event" && m.kind === "test.ping", "the published event");
    await waitFor(async () => (await lagCount()) > lagBefore, { what: "the delivery lag to be observed" });
    samples = await scrapeApi();
    // Published and delivered within this test: well under the histogram's 30 s bucket.
    expect(sampleValue(samples, "p2p_api_realtime_delivery_lag_seconds_bucket", { le: "30" })).toBe(
      sampleValue(samples, "p2p_api_realtime_delivery_lag_seconds_count"),
    );

    client.ws.close();
    await client.closed;
    await waitFor(async () => sampleValue(await scrapeApi(), "p2p_api_websocket_connections") === 0, {
      what: "the connection gauge to drop to 0",
    });
  });

  it("reports whether this process leads the indexer watcher, and the process's own figures", async () => {
    const samples = await scrapeApi();
    expect(sampleValue(samples, "p2p_api_indexer_watcher_leader")).toBe(t.app.indexerWatcher.leading() ? 1 : 0);
    expect(sampleValue(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});
