// Three API processes, the indexer and two keepers as real OS processes on one database, each
// started as the dev stack starts it: realtime events reach a client on any process exactly once
// and in order, the watcher's leader killed with SIGKILL hands over within a bounded time without
// losing or repeating an event, and two keepers never send the same transaction twice.
import { userRoom } from "@p2p-escrow/protocol/rooms";
import { decodeFunctionData, type Hash } from "viem";
import type { LocalAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escrowAbi, orderStatusEnum } from "../../contracts/generated/deployments.ts";
import { devAccount, devPrivateKey } from "../../scripts/dev/accounts.ts";
import {
  type ChatParty,
  chainedMessage,
  chatHead,
  chatParty,
  postMessage,
  startConversation,
} from "../../scripts/lib/harness/chat-party.ts";
import { type ProcessStack, SIWE, startProcessStack } from "../../scripts/lib/harness/process-stack.ts";
import { RealtimeFollower, realtimeUrlOf } from "../../scripts/lib/harness/realtime-follower.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";

/** Election attempts of a process that does not lead, every 200 ms: the handover's floor. */
const ELECTION_MS = 200;
/** The bound on a handover after SIGKILL: detection is immediate (the kernel closes the socket), so it is a few election rounds on a loaded machine. */
const HANDOVER_BOUND_MS = 5_000;
const SELLER_WINDOW = 24n * 3600n;
/** Hardhat's accounts 8 and 9: funded with ether, used by nothing else in this file. */
const KEEPER_KEYS = [devPrivateKey(8), devPrivateKey(9)];

let stack: ProcessStack;
let alice: ChatParty; // the buyer: her wallet's room is the one followed
let bob: ChatParty;
const followers: RealtimeFollower[] = [];
/** Every order this file puts on chain: all of them fall due in the keepers' test. */
const created: bigint[] = [];

beforeAll(async () => {
  stack = await startProcessStack({
    apis: 3,
    keeperKeys: KEEPER_KEYS,
    apiEnv: { INDEXER_WATCHER_ELECTION_MS: String(ELECTION_MS), INDEXER_WATCHER_POLL_MS: "100" },
  });
  const { chainId } = stack.chain;
  [alice, bob] = await Promise.all(
    [stack.chain.alice, stack.chain.bob].map((a) => chatParty(stack.apis[0]!.url, a.account as unknown as LocalAccount, SIWE, chainId)),
  );
}, 300_000);
afterAll(async () => {
  await Promise.all(followers.map((f) => f.stop()));
  await stack?.stop();
});

type Actor = ProcessStack["chain"]["alice"];
async function createOrder(buyer: Actor, seller: Actor, whole: bigint) {
  const orderId = await stack.chain.createOrder(buyer, seller, whole);
  created.push(orderId);
  return orderId;
}

const wsUrls = () => stack.apis.map((a) => realtimeUrlOf(a.url));

/** The newest event id in the log: followers resume after it. */
async function logHead(): Promise<string> {
  const { rows } = await stack.pool.query<{ id: string }>("select coalesce(max(id), 0)::text as id from api.realtime_events");
  return rows[0]!.id;
}

/** Alice followed from each process in turn, resuming after `after`; resolves once all are live. */
async function followAlice(after: string, processes: number[]) {
  const started = processes.map((i) => new RealtimeFollower(wsUrls(), alice.token, after, i));
  followers.push(...started);
  await Promise.all(started.map((f) => f.live()));
  return started;
}

/**
 * Waits until every follower has the room's whole log after `after` (or the wait runs out), then
 * says what each got: the caller compares, so a failure shows the difference.
 */
async function received(followersOf: RealtimeFollower[], room: string, after: string) {
  const log = await stack.roomLog(room, after);
  await waitFor(async () => followersOf.every((f) => f.last === log.at(-1)), {
    what: "every follower to reach the log's last event",
  }).catch(() => {});
  return { log, got: followersOf.map((f) => f.events.filter((e) => e.room === room).map((e) => e.id)) };
}

const orderCreatedIn = async (room: string, orderIds: bigint[]) => {
  const { rows } = await stack.pool.query<{ order_id: string; n: number }>(
    `select payload->>'orderId' as order_id, count(*)::int as n from api.realtime_events
     where room = $1 and kind = 'order.created' and payload->>'orderId' = any($2) group by 1`,
    [room, orderIds.map(String)],
  );
  return new Map(rows.map((r) => [r.order_id, r.n]));
};

describe("three API processes on one database", () => {
  it("deliver every event to a client on any process exactly once and in order, whichever process published it", async () => {
    const { chain } = stack;
    const room = userRoom(alice.address);
    const start = await logHead();
    const onEach = await followAlice(start, [0, 1, 2]);

    // Chat messages are published by the process that takes them, each process in turn; order
    // events by whichever process leads the watcher.
    const orderId = await createOrder(chain.alice, chain.bob, 11n);
    await stack.synced();
    await waitFor(async () => (await orderCreatedIn(room, [orderId])).get(String(orderId)) === 1, {
      what: "the watcher to publish the order",
    });
    const chatOrder = orderId;
    const key = await startConversation(stack.apis[1]!.url, chain.chainId, chatOrder, alice, bob);
    for (let n = 0; n < 6; n++) {
      const api = stack.apis[n % 3]!.url;
      const [from] = n % 2 === 0 ? [alice] : [bob];
      const head = await chatHead(api, chain.chainId, chatOrder, from!);
      const response = await postMessage(
        api,
        chain.chainId,
        chatOrder,
        from!,
        chainedMessage(from!, chain.chainId, chatOrder, key, `m${n}`, head),
      );
      expect(response.status, await response.clone().text()).toBe(201);
    }
    const more = [await createOrder(chain.alice, chain.bob, 12n), await createOrder(chain.alice, chain.dave, 13n)];
    await stack.synced();
    await waitFor(async () => (await orderCreatedIn(room, more)).size === 2, { what: "the watcher to publish the orders" });

    const { log, got } = await received(onEach, room, start);
    expect(log.length).toBeGreaterThanOrEqual(9); // three orders, six messages
    for (const ids of got) expect(ids).toEqual(log);
  });

  it("hand the watcher to another process within a bounded time when its leader is killed, losing and repeating no event", async () => {
    const { chain } = stack;
    const room = userRoom(alice.address);
    const leaderName = await waitFor(() => stack.watcherLeader(), { what: "a watcher leader" });
    const leader = stack.apis.find((a) => a.name === leaderName)!;
    const others = stack.apis.map((_, i) => i).filter((i) => stack.apis[i] !== leader);
    const start = await logHead();
    const onOthers = await followAlice(start, others);

    // Orders keep coming on chain while the leader dies.
    const orders: bigint[] = [];
    let producing = true;
    const producer = (async () => {
      while (producing) orders.push(await createOrder(chain.alice, chain.bob, 10n + BigInt(orders.length % 5)));
    })();
    await waitFor(async () => orders.length >= 2 && (await orderCreatedIn(room, orders.slice(0, 1))).size === 1, {
      what: "the leader to publish the first order",
    });
    const killedAt = performance.now();
    await leader.kill();
    const successor = await stack.watcherSuccessor(leader.name);
    const handoverMs = performance.now() - killedAt;
    await waitFor(async () => orders.length >= 6, { what: "more orders after the handover" });
    producing = false;
    await producer;
    await stack.synced();
    const published = await waitFor(
      async () => {
        const counts = await orderCreatedIn(room, orders);
        return counts.size === orders.length && counts;
      },
      { what: "the new leader to publish every order" },
    );
    console.log(`watcher handover after SIGKILL: ${Math.round(handoverMs)} ms (${leader.name} → ${successor})`);

    expect(handoverMs).toBeLessThan(HANDOVER_BOUND_MS);
    expect([...published.values()].every((n) => n === 1)).toBe(true);
    const { log, got } = await received(onOthers, room, start);
    for (const ids of got) expect(ids).toEqual(log);
    await leader.start(); // back for the next test, as a supervisor would restart it
  });

  it("never send the same transaction twice with two keepers running, nor when the working one is killed mid-round", async () => {
    const { chain } = stack;
    const keeperAddresses = new Set([8, 9].map((i) => devAccount(i).address.toLowerCase()));
    const from = (await chain.client.getBlockNumber()) + 1n;
    const statusOf = async (orderId: bigint) =>
      orderStatusEnum[
        (await chain.client.readContract({ address: chain.escrow, abi: escrowAbi, functionName: "getOrder", args: [orderId] })).status
      ];
    const allExpired = (orderIds: bigint[]) =>
      waitFor(async () => (await Promise.all(orderIds.map(statusOf))).every((s) => s === "Expired"), {
        timeoutMs: 60_000,
        what: "the keepers to expire every overdue order",
      });

    // With both running: the earlier tests' orders and four more fall due at once.
    for (let i = 0; i < 4; i++) await createOrder(chain.carol, chain.dave, 10n + BigInt(i));
    await stack.synced();
    await chain.passTime(SELLER_WINDOW + 60n);
    await allExpired([...created]);

    const second: bigint[] = [];
    for (let i = 0; i < 6; i++) second.push(await createOrder(chain.carol, chain.dave, 10n + BigInt(i)));
    await stack.synced();
    const workingName = await waitFor(() => stack.keeperLeader(), { what: "a working keeper" });
    const working = stack.keepers.find((k) => k.name === workingName)!;
    await chain.passTime(SELLER_WINDOW + 60n);
    // Killed mid-round, once its first call is through: the other takes the lock and finishes the work.
    await waitFor(async () => (await Promise.all(second.map(statusOf))).some((s) => s === "Expired"), {
      intervalMs: 10,
      what: "the working keeper to expire a first order",
    });
    await working.kill();
    await allExpired(second);

    const sent: { call: string; hash: Hash; ok: boolean }[] = [];
    for (let block = from; block <= (await chain.client.getBlockNumber()); block++) {
      for (const tx of (await chain.client.getBlock({ blockNumber: block, includeTransactions: true })).transactions) {
        if (!keeperAddresses.has(tx.from.toLowerCase())) continue;
        const call = decodeFunctionData({ abi: escrowAbi, data: tx.input });
        const receipt = await chain.client.getTransactionReceipt({ hash: tx.hash });
        sent.push({ call: `${call.functionName}(${call.args?.join(",")})`, hash: tx.hash, ok: receipt.status === "success" });
      }
    }
    console.log(`keeper transactions: ${sent.length}, by call: ${new Set(sent.map((s) => s.call)).size}`);
    expect(sent.map((s) => s.call).sort()).toEqual(created.map((id) => `expireOrder(${id})`).sort());
    expect(sent.every((s) => s.ok)).toBe(true);
    await working.start();
  });
});
