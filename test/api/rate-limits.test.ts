// Rate limits across API processes: two apps on one database, as two processes behind a load
// balancer would be, together allow an address or a wallet what one process allows.
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../api/src/app.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { bearer, freshDatabase, newAccount, signIn, testConfig } from "./helper.ts";

const IP_LIMIT = 10;
const WALLET_LIMIT = 6;

let postgres: RunningPostgres;
let a: FastifyInstance;
let b: FastifyInstance;

beforeAll(async () => {
  postgres = await startPostgres();
  // One configuration, as the processes of one deployment share it (the JWT secret above all).
  const config = await testConfig(await freshDatabase(postgres), {
    RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT),
    RATE_LIMIT_WALLET_PER_MINUTE: String(WALLET_LIMIT),
  });
  a = await buildApp(config);
  b = await buildApp(config);
  await Promise.all([a.ready(), b.ready()]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await postgres?.stop();
});

/** Sends the requests, alternating between the two processes, all at once or one after another. */
async function statuses(requests: InjectOptions[], { concurrently = false } = {}): Promise<number[]> {
  const send = (request: InjectOptions, i: number) => (i % 2 === 0 ? a : b).inject(request).then((r) => r.statusCode);
  if (concurrently) return Promise.all(requests.map(send));
  const out: number[] = [];
  for (const [i, request] of requests.entries()) out.push(await send(request, i));
  return out;
}
const count = (codes: number[], code: number) => codes.filter((c) => c === code).length;
// A public read of the API's own tables: the bare database of this file has no indexer views.
const publicRead = (remoteAddress: string): InjectOptions => ({
  method: "GET",
  url: "/profiles/0x0000000000000000000000000000000000000001/reviews",
  remoteAddress,
});
const unread = (token: string, remoteAddress: string): InjectOptions => ({
  method: "GET",
  url: "/notifications/unread-count",
  headers: bearer(token),
  remoteAddress,
});

describe("rate limits shared by API processes", () => {
  it("lets two processes together answer one address only as often as one process would", async () => {
    const codes = await statuses(Array.from({ length: 2 * IP_LIMIT }, () => publicRead("10.0.0.1")));
    expect(codes).toEqual([...Array(IP_LIMIT).fill(200), ...Array(IP_LIMIT).fill(429)]);
  });

  it("counts a burst of concurrent requests to both processes one by one", async () => {
    const codes = await statuses(
      Array.from({ length: 3 * IP_LIMIT }, () => publicRead("10.0.0.3")),
      { concurrently: true },
    );
    expect(count(codes, 200)).toBe(IP_LIMIT);
    expect(count(codes, 429)).toBe(2 * IP_LIMIT);
  });

  it("refuses in the error envelope, saying when to retry", async () => {
    await statuses(Array.from({ length: IP_LIMIT }, () => publicRead("10.0.0.2")));
    const refused = await b.inject(publicRead("10.0.0.2"));
    expect(refused.statusCode).toBe(429);
    const { error } = refused.json();
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.details.limit).toBe(IP_LIMIT);
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts one wallet's requests on every process against one limit, whatever address they come from", async () => {
    const token = await signIn(a, newAccount());
    const codes = await statuses(Array.from({ length: 2 * WALLET_LIMIT }, (_, i) => unread(token, `10.1.0.${i + 1}`)));
    expect(codes).toEqual([...Array(WALLET_LIMIT).fill(200), ...Array(WALLET_LIMIT).fill(429)]);
  });

  it("counts signed-in requests against their address too, so wallets sharing an address share its limit", async () => {
    const tokens = [await signIn(a, newAccount()), await signIn(a, newAccount()), await signIn(a, newAccount())];
    // Each wallet stays under its own limit; together they pass the address's.
    const codes = await statuses(Array.from({ length: 15 }, (_, i) => unread(tokens[i % 3]!, "10.2.0.1")));
    expect(codes).toEqual([...Array(IP_LIMIT).fill(200), ...Array(15 - IP_LIMIT).fill(429)]);
  });

  it("starts counting again once the window has ended", async () => {
    await statuses(Array.from({ length: IP_LIMIT }, () => publicRead("10.3.0.1")));
    expect((await a.inject(publicRead("10.3.0.1"))).statusCode).toBe(429);
    // The window's end, moved to the past rather than waited for.
    await a.db
      .updateTable("rate_limits")
      .set({ resets_at: new Date(Date.now() - 1000) })
      .where("key", "=", "ip:10.3.0.1")
      .execute();
    expect((await b.inject(publicRead("10.3.0.1"))).statusCode).toBe(200);
    const row = await a.db.selectFrom("rate_limits").selectAll().where("key", "=", "ip:10.3.0.1").executeTakeFirstOrThrow();
    expect(row.hits).toBe(1);
  });
});
