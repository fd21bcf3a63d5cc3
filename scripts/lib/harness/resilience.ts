// The resilience scenario, shared by its test (test/api/resilience.test.ts) and its benchmark
// (`pnpm bench:resilience`): a bounded mixed load (reads, listing writes, chat, WebSocket
// followers, orders on chain) runs against a process stack while, one after another, the API
// process leading the watcher is killed with SIGKILL (and restarted), PostgreSQL restarts, the
// keeper is killed and restarted, and the indexer is killed and restarted. It then checks what a
// user would: every accepted write is there, every follower (resuming by last event id) got its
// room's log exactly once and in order, no process that stayed up answered 500, and everything
// was ready again within a bound. It returns figures and violations; the caller asserts or records.

import { publicKeysOf } from "@p2p-escrow/protocol/keys";
import { commitProduct, encodeProductOpening } from "@p2p-escrow/protocol/product";
import { userRoom } from "@p2p-escrow/protocol/rooms";
import { seal } from "@p2p-escrow/protocol/sealing";
import type { LocalAccount } from "viem/accounts";
import { hasSession } from "../stack/postgres.ts";
import { waitFor } from "../wait-for.ts";
import { type ChatParty, chainedMessage, chatParty, startConversation } from "./chat-party.ts";
import { type ApiSlot, type ProcessStack, SIWE, type Slot } from "./process-stack.ts";
import { RealtimeFollower, realtimeUrlOf } from "./realtime-follower.ts";

export interface ResilienceOptions {
  /** Concurrent reading loops. */
  readers: number;
  /** Conversations written to at once, one writing loop each. */
  conversations: number;
  /** WebSocket followers, half on the buyer's wallet, half on the seller's. */
  followers: number;
  /** How long the load runs before the first fault, between faults and after the last. */
  settleMs: number;
  /** The bound on every recovery: a service not ready again within it is a violation. */
  readyBoundMs: number;
  log: (line: string) => void;
}

export interface FaultFigures {
  fault: string;
  /** From the fault to every service ready again (each API's /ready, the watcher and keeper led, the indexer ready). */
  readyAgainMs: number;
  [figure: string]: number | string | boolean;
}

export interface ResilienceReport {
  apiProcesses: number;
  durationSeconds: number;
  requests: {
    total: number;
    perSecond: number;
    p50Ms: number;
    p99Ms: number;
    byStatus: Record<string, number>;
    /** Requests to a process that was down (connection refused or reset): a load balancer's retry. */
    connectionFailures: number;
  };
  writes: { chatAccepted: number; chatMissing: number; listingsAccepted: number; listingsMissing: number };
  realtime: { followers: number; eventsDelivered: number; reconnects: number; missed: number; repeated: number; outOfOrder: number };
  faults: FaultFigures[];
  /** Services that exited on their own after a fault and were restarted: only the indexer may (Ponder, when PostgreSQL goes away). */
  selfExited: string[];
  /** 500s answered by a process that stayed up throughout the request. */
  serverErrorsFromLiveProcesses: number;
  violations: string[];
}

interface Outcome {
  api: ApiSlot;
  status: number | "connection";
  ms: number;
  body?: unknown;
}

const round = (n: number) => Math.round(n);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export async function runResilience(stack: ProcessStack, options: ResilienceOptions): Promise<ResilienceReport> {
  const { chain } = stack;
  const { chainId } = chain;
  const { log } = options;
  const violations: string[] = [];
  const outcomes: Outcome[] = [];
  const serverErrors: string[] = [];
  const accounts = [chain.alice, chain.bob].map((a) => a.account as unknown as LocalAccount);
  const [buyer, seller] = (await Promise.all(accounts.map((a) => chatParty(stack.apis[0]!.url, a, SIWE, chainId)))) as [
    ChatParty,
    ChatParty,
  ];

  /** One request through a client-side balancer: the next process in turn; a dead one costs a connection failure. */
  let turn = 0;
  async function request(path: string, init: RequestInit & { token?: string } = {}): Promise<Outcome> {
    const api = stack.apis[turn++ % stack.apis.length]!;
    const upBefore = api.alive() ? api.running : null;
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      const headers: Record<string, string> = { ...(init.body ? { "content-type": "application/json" } : {}) };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const response = await fetch(`${api.url}${path}`, { ...init, headers, signal: AbortSignal.timeout(30_000) });
      const body = await response.json().catch(() => null);
      outcome = { api, status: response.status, ms: performance.now() - t0, body };
    } catch {
      outcome = { api, status: "connection", ms: performance.now() - t0 };
    }
    outcomes.push(outcome);
    // Alive throughout: the same process before and after, never killed in between.
    if (outcome.status === 500 && upBefore !== null && api.running === upBefore)
      serverErrors.push(`${init.method ?? "GET"} ${path} on ${api.name}: ${JSON.stringify(outcome.body)}`);
    return outcome;
  }

  // --- the world the load works on ----------------------------------------------------------------
  log("setting up: orders for the conversations, keys, followers");
  const conversations: { orderId: bigint; key: Uint8Array }[] = [];
  for (let i = 0; i < options.conversations; i++)
    conversations.push({ orderId: await chain.createOrder(chain.alice, chain.bob, 10n + BigInt(i)), key: new Uint8Array() });
  await stack.synced();
  for (const c of conversations) c.key = await startConversation(stack.apis[0]!.url, chainId, c.orderId, buyer, seller);
  const { rows } = await stack.pool.query<{ id: string }>("select coalesce(max(id), 0)::text as id from api.realtime_events");
  const start = rows[0]!.id;
  const wsUrls = stack.apis.map((a) => realtimeUrlOf(a.url));
  const followers = Array.from({ length: options.followers }, (_, i) => ({
    party: i % 2 === 0 ? buyer : seller,
    follower: new RealtimeFollower(wsUrls, (i % 2 === 0 ? buyer : seller).token, start, i),
  }));
  await Promise.all(followers.map((f) => f.follower.live()));

  // --- the load -------------------------------------------------------------------------------------
  let running = true;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const chatAccepted: { orderId: bigint; seq: number; hash: string }[] = [];
  const listingsAccepted: string[] = [];
  const loops: Promise<void>[] = [];

  for (let r = 0; r < options.readers; r++) {
    loops.push(
      (async () => {
        for (let n = r; running; n++) {
          const c = conversations[n % conversations.length]!;
          const paths: [string, string | undefined][] = [
            ["/listings?limit=10", undefined],
            ["/orders?role=buyer&limit=10", buyer.token],
            [`/conversations/${chainId}/${c.orderId}/messages?limit=5`, seller.token],
          ];
          const [path, token] = paths[n % paths.length]!;
          const outcome = await request(path, { token });
          if (outcome.status !== 200) await pause(50);
        }
      })(),
    );
  }
  for (const [i, c] of conversations.entries()) {
    loops.push(
      (async () => {
        for (let n = 0; running; n++) {
          const from = n % 2 === 0 ? buyer : seller;
          const head = await request(`/conversations/${chainId}/${c.orderId}/messages?limit=1`, { token: from.token });
          if (head.status !== 200) {
            await pause(100);
            continue;
          }
          const message = chainedMessage(
            from,
            chainId,
            c.orderId,
            c.key,
            `load ${i}.${n}`,
            (head.body as { data: { head: { seq: number; hash: `0x${string}` } } }).data.head,
          );
          const sent = await request(`/conversations/${chainId}/${c.orderId}/messages`, {
            method: "POST",
            token: from.token,
            body: JSON.stringify(message),
          });
          if (sent.status === 201) chatAccepted.push({ orderId: c.orderId, seq: message.seq, hash: message.hash });
          else await pause(100);
        }
      })(),
    );
  }
  loops.push(
    (async () => {
      for (let n = 0; running; n++) {
        const { opening, productHash } = commitProduct(new TextEncoder().encode(`load listing ${n}`));
        const body = {
          title: `Load listing ${n}`,
          description: "Written under the resilience load",
          category: "digital-goods",
          price: "25",
          stock: null,
          accepted: [{ chainId, token: chain.tokens.USDC }],
          images: [],
          productHash,
          sealedDeliverable: seal(encodeProductOpening(opening), publicKeysOf(seller.keys).encryptionPublicKey, seller.keys.encryption),
        };
        const sent = await request("/listings", { method: "POST", token: seller.token, body: JSON.stringify(body) });
        if (sent.status === 201) listingsAccepted.push((sent.body as { data: { id: string } }).data.id);
        else await pause(100);
      }
    })(),
  );
  // Orders on chain, so the watcher has events to publish throughout.
  loops.push(
    (async () => {
      while (running) {
        await chain.createOrder(chain.alice, chain.dave, 10n).catch(() => {});
        await pause(1_000);
      }
    })(),
  );

  // --- the faults -----------------------------------------------------------------------------------
  const faults: FaultFigures[] = [];
  /** Services that exited on their own after a fault, restarted as a supervisor (systemd, compose) would. */
  const selfExited: string[] = [];
  const readyAgain = async (since: number, what: string) => {
    // What keeps the stack from being ready, logged as it changes, so a slow recovery shows where its
    // time went and a timeout says which service stalled.
    let waitingOn = "";
    let waitingSubject = "";
    const waiting = (subject: string, reason: string) => {
      waitingOn = `${subject}: ${reason}`;
      if (subject !== waitingSubject) log(`  +${round(performance.now() - since)} ms: waiting on ${waitingOn}`);
      waitingSubject = subject;
      return false;
    };
    await waitFor(
      async () => {
        for (const service of [...stack.apis, ...stack.keepers, stack.indexer] as Slot<unknown>[]) {
          if (service.alive()) continue;
          selfExited.push(`${service.name} (after ${what})`);
          // Ponder may exit when its database goes away, saying why, and resumes from its checkpoint
          // when restarted. The API and the keeper must ride a fault out: each of their exits drops
          // every request or round in flight.
          if (service !== stack.indexer) violations.push(`${service.name} exited on its own after ${what}`);
          log(
            `  +${round(performance.now() - since)} ms: ${service.name} exited; starting it again. Its last output:\n${service.lastWords}`,
          );
          await service
            .start()
            .catch((error: Error) => violations.push(`${service.name} did not start again: ${error.message.split("\n")[0]}`));
        }
        for (const api of stack.apis) {
          const response = await fetch(`${api.url}/ready`).catch((error: Error) => error);
          if (response instanceof Response && response.status === 200) continue;
          return waiting(
            `${api.name} /ready`,
            response instanceof Response ? `${response.status} ${await response.text()}` : response.message,
          );
        }
        if ((await stack.watcherLeader().catch(() => null)) === null) return waiting("the watcher", "no process leads it");
        if (stack.keepers.length > 0 && (await stack.keeperLeader().catch(() => null)) === null) return waiting("the keeper", "none leads");
        const indexerReady = stack.indexer.running !== null && (await stack.indexer.running.status.backfilled().catch(() => false));
        return indexerReady || waiting("the indexer", "its /ready is not 200");
      },
      { timeoutMs: options.readyBoundMs, intervalMs: 50, what: `every service to be ready again after ${what}` },
    ).catch((error: Error) => {
      const indexerOutput = stack.indexer.running?.output().slice(-2_000) ?? "(not running)";
      violations.push(`${error.message} (${waitingOn})\n--- indexer output ---\n${indexerOutput}`);
    });
    return round(performance.now() - since);
  };
  const t0 = performance.now();
  await pause(options.settleMs);

  log("fault: SIGKILL of the API process leading the watcher");
  const leaderName = await stack.watcherLeader();
  const leader = stack.apis.find((a) => a.name === leaderName) ?? stack.apis[0]!;
  let at = performance.now();
  await leader.kill();
  const successor = await stack
    .watcherSuccessor(leader.name, options.readyBoundMs)
    .catch((error: Error) => void violations.push(error.message));
  const handoverMs = round(performance.now() - at);
  log(`  watcher handed over in ${handoverMs} ms (${leader.name} → ${successor})`);
  await pause(options.settleMs);
  const restartAt = performance.now();
  await leader.start();
  const apiRestartMs = round(performance.now() - restartAt);
  faults.push({
    fault: `SIGKILL of the API process leading the watcher (one of ${stack.apis.length}), restarted after ${options.settleMs} ms`,
    watcherHandoverMs: handoverMs,
    apiStartMs: apiRestartMs,
    readyAgainMs: await readyAgain(at, "the API restart"),
  });
  await pause(options.settleMs);

  log("fault: PostgreSQL restart");
  at = performance.now();
  await stack.restartPostgres();
  const databaseDownMs = round(performance.now() - at);
  faults.push({
    fault: "PostgreSQL restart (fast shutdown, then start)",
    databaseDownMs,
    readyAgainMs: await readyAgain(at, "the PostgreSQL restart"),
  });
  log(`  database down ${databaseDownMs} ms; ready again after ${faults.at(-1)!.readyAgainMs} ms`);
  await pause(options.settleMs);

  log("fault: SIGKILL of the keeper, then a restart");
  at = performance.now();
  for (const keeper of stack.keepers) {
    await keeper.kill();
    await keeper.start();
  }
  faults.push({
    fault: "SIGKILL of the keeper, restarted at once",
    keeperStartMs: round(performance.now() - at),
    readyAgainMs: await readyAgain(at, "the keeper restart"),
  });
  await pause(options.settleMs);

  log("fault: SIGKILL of the indexer, then a restart");
  at = performance.now();
  await stack.indexer.kill();
  await stack.indexer.start().catch((error: Error) => violations.push(`the indexer did not start again: ${error.message.split("\n")[0]}`));
  const indexerStartMs = round(performance.now() - at);
  await stack.synced(options.readyBoundMs).catch((error: Error) => violations.push(error.message));
  const indexerCaughtUpMs = round(performance.now() - at);
  faults.push({
    fault: "SIGKILL of the indexer, restarted at once",
    indexerStartMs,
    indexerCaughtUpMs,
    readyAgainMs: await readyAgain(at, "the indexer restart"),
  });
  await pause(options.settleMs);

  running = false;
  await Promise.all(loops);
  const durationSeconds = (performance.now() - t0) / 1000;
  log("load stopped; checking writes and what the followers got");

  // --- what a user would check ----------------------------------------------------------------------
  const stored = await stack.pool.query<{ order_id: string; seq: number; hash: string }>(
    "select order_id::text, seq, hash from api.messages where order_id = any($1)",
    [conversations.map((c) => c.orderId.toString())],
  );
  const storedMessages = new Set(stored.rows.map((r) => `${r.order_id}:${r.seq}:${r.hash.toLowerCase()}`));
  const chatMissing = chatAccepted.filter((m) => !storedMessages.has(`${m.orderId}:${m.seq}:${m.hash.toLowerCase()}`)).length;
  const listings = await stack.pool.query<{ id: string }>("select id::text from api.listings where id = any($1::uuid[])", [
    listingsAccepted,
  ]);
  const listingsMissing = listingsAccepted.length - listings.rows.length;
  if (chatMissing > 0) violations.push(`${chatMissing} accepted chat messages are missing`);
  if (listingsMissing > 0) violations.push(`${listingsMissing} accepted listings are missing`);

  // The watcher publishes what the indexer has; once both are through, the log is complete.
  await stack.synced(options.readyBoundMs).catch((error: Error) => violations.push(error.message));
  const unpublished = async () =>
    (
      await stack.pool.query<{ n: number }>(
        `select count(*)::int as n from indexer.order_events e where not exists (
           select 1 from api.realtime_events r where r.dedupe_key = 'order-event:' || e.id || '@order:' || e.chain_id || ':' || e.order_id::text)`,
      )
    ).rows[0]!.n;
  await waitFor(async () => (await unpublished()) === 0, {
    timeoutMs: options.readyBoundMs,
    what: "the watcher to publish every indexed event",
  }).catch((error: Error) => violations.push(error.message));

  let missed = 0;
  let repeated = 0;
  let outOfOrder = 0;
  for (const { party, follower } of followers) {
    const room = userRoom(party.address);
    const expected = await stack.roomLog(room, start);
    await waitFor(async () => follower.last === (expected.at(-1) ?? start), {
      timeoutMs: options.readyBoundMs,
      what: "a follower to reach its room's last event",
    }).catch(() => {});
    const got = follower.events.filter((e) => e.room === room).map((e) => e.id);
    const gotSet = new Set(got);
    missed += expected.filter((id) => !gotSet.has(id)).length;
    repeated += got.length - gotSet.size;
    outOfOrder += got.filter((id, i) => i > 0 && BigInt(id) <= BigInt(got[i - 1]!)).length;
  }
  await Promise.all(followers.map((f) => f.follower.stop()));
  if (missed > 0) violations.push(`followers missed ${missed} events`);
  if (repeated > 0) violations.push(`followers got ${repeated} events twice`);
  if (outOfOrder > 0) violations.push(`followers got ${outOfOrder} events out of order`);
  if (serverErrors.length > 0)
    violations.push(`${serverErrors.length} 500s from live processes, e.g. ${serverErrors.slice(0, 3).join("; ")}`);
  // The keepers are back: each holds a session on the database.
  for (const keeper of stack.keepers)
    if (!(await hasSession(stack.databaseUrl, keeper.name).catch(() => false))) violations.push(`${keeper.name} has no session`);

  const answered = outcomes.filter((o) => o.status !== "connection");
  const latencies = answered.map((o) => o.ms).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const o of answered) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  return {
    apiProcesses: stack.apis.length,
    durationSeconds: round(durationSeconds),
    requests: {
      total: outcomes.length,
      perSecond: round(outcomes.length / durationSeconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      byStatus,
      connectionFailures: outcomes.length - answered.length,
    },
    writes: { chatAccepted: chatAccepted.length, chatMissing, listingsAccepted: listingsAccepted.length, listingsMissing },
    realtime: {
      followers: followers.length,
      eventsDelivered: followers.reduce((n, f) => n + f.follower.events.length, 0),
      reconnects: followers.reduce((n, f) => n + f.follower.reconnects, 0),
      missed,
      repeated,
      outOfOrder,
    },
    faults,
    selfExited,
    serverErrorsFromLiveProcesses: serverErrors.length,
    violations,
  };
}
