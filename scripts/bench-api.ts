// API benchmark. In one run, against 100,000 indexed orders on a local chain:
//   - GET my-orders (limit 50) through the API vs Ponder's GraphQL endpoint answering the same
//     query, both at 100 connections: requests/s and p99;
//   - WebSocket fan-out to 1,000 clients: the API's path (stored event → NOTIFY → every socket in
//     the room) vs a bare `ws` broadcast of the same messages;
//   - sign-ins per second, and the JSON-RPC calls they make (none are allowed).
// Writes bench/api.json. Figures from a shared, noisy machine: compare the ratios.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { userRoom } from "@p2p-escrow/protocol/rooms";
import { signInMessage } from "@p2p-escrow/protocol/sign-in";
import autocannon from "autocannon";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import WebSocket from "ws";
import { INDEXER_VIEWS_SCHEMA } from "../indexer/views-schema.ts";
import { apiClient } from "./lib/api-client.ts";
import { startEscrowChain, writeIndexerDeployments } from "./lib/harness/escrow-chain.ts";
import { startCountingRpcProxy } from "./lib/harness/rpc-proxy.ts";
import { startApi } from "./lib/stack/api.ts";
import { startIndexer } from "./lib/stack/indexer.ts";
import { startPostgres } from "./lib/stack/postgres.ts";
import { stopProcess } from "./lib/stop-process.ts";
import { waitFor } from "./lib/wait-for.ts";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const CONNECTIONS = 100;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WS_CLIENTS = 1_000;
const WS_MESSAGES = 100;
const FAN_OUT_ROUNDS = 7;
const LOGINS = 400;
const LOGIN_CONCURRENCY = 20;
const SIWE = { domain: "bench.local", uri: "http://bench.local" };

const ROOT = path.resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(line);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const cleanups: (() => Promise<unknown>)[] = [];

/** Spawns a helper of the benchmark and waits until `ready` (given its output so far) says it is ready. */
async function spawnUntil(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (output: string) => Promise<boolean> | boolean,
  what: string,
) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  cleanups.push(() => stopProcess(child));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${what} exited:\n${output.slice(-2000)}`);
      return Promise.resolve(ready(output)).catch(() => false);
    },
    { timeoutMs: 60_000, intervalMs: 100, what },
  );
  return { child, output: () => output };
}

async function load(options: autocannon.Options) {
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { requestsPerSecond: round(result.requests.average), p99Ms: round(result.latency.p99, 1), requests: result.requests.total };
}

/** Opens `count` sockets, 100 at a time; `connect` resolves once its socket is ready for events. */
async function openSockets(count: number, connect: () => Promise<WebSocket>) {
  const sockets: WebSocket[] = [];
  for (let batch = 0; batch < count; batch += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - batch) }, connect))));
  }
  return sockets;
}

/** A socket to `url`, once `ready` accepts a message from it (or once open, without `ready`). */
function connectSocket(url: string, onOpen?: (socket: WebSocket) => void, ready?: (message: { type?: string }) => boolean) {
  return new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("error", reject);
    socket.once("open", () => {
      onOpen?.(socket);
      if (!ready) return resolve(socket);
      const onMessage = (data: WebSocket.RawData) => {
        if (!ready(JSON.parse(data.toString()))) return;
        socket.off("message", onMessage);
        resolve(socket);
      };
      socket.on("message", onMessage);
    });
  });
}

/** Sends via `broadcast` and resolves with the seconds until every socket got `messages` messages. */
async function timeFanOut(sockets: WebSocket[], messages: number, broadcast: () => Promise<void>) {
  let pending = sockets.length;
  const done = new Promise<void>((resolve) => {
    for (const socket of sockets) {
      let received = 0;
      const onMessage = () => {
        if (++received < messages) return;
        socket.off("message", onMessage);
        if (--pending === 0) resolve();
      };
      socket.on("message", onMessage);
    }
  });
  const t0 = performance.now();
  await broadcast();
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error("fan-out did not complete in 120 s")), 120_000))]);
  return (performance.now() - t0) / 1000;
}

log(`starting a Hardhat node and PostgreSQL; putting ${ORDERS} orders on chain`);
const [chain, postgres] = await Promise.all([startEscrowChain(), startPostgres()]);
cleanups.push(
  () => chain.node.stop(),
  () => postgres.stop(),
);
try {
  await chain.fund();
  await chain.bulkOrders(ORDERS, { perTransaction: 250 });
  // Bury the orders under Ponder's finality depth, so they are backfilled, not followed live.
  await chain.mine(31);
  const head = await chain.client.getBlockNumber();

  const database = "bench_api";
  await postgres.createDatabase(database);
  const databaseUrl = postgres.urlFor(database);
  log("indexing");
  const indexer = await startIndexer({
    databaseUrl,
    deploymentsFile: await writeIndexerDeployments([chain]),
    rpcUrls: { [chain.chainId]: chain.node.url },
    schema: "bench_ponder",
    viewsSchema: INDEXER_VIEWS_SCHEMA,
    timeoutMs: 600_000, // resolves once the backfill is done
  });
  cleanups.push(() => indexer.stop());
  await indexer.waitForBlock(chain.chainId, head, 600_000);

  // The API in a process of its own, like Ponder; its RPC traffic goes through a counter.
  const rpc = await startCountingRpcProxy(chain.node.url);
  cleanups.push(() => rpc.stop());
  const server = await startApi({
    databaseUrl,
    rpcUrls: { [chain.chainId]: rpc.url },
    jwtSecret: "bench-secret-bench-secret-bench-secret-0123",
    siwe: SIWE,
    ipfsRepoDir: await mkdtemp(path.join(tmpdir(), "bench-ipfs-")),
    env: {
      LOG_LEVEL: "warn",
      // The load below comes from one address and one wallet: lift the limits for the run.
      RATE_LIMIT_IP_PER_MINUTE: "100000000",
      RATE_LIMIT_WALLET_PER_MINUTE: "100000000",
      RATE_LIMIT_AUTH_PER_MINUTE: "100000000",
      REALTIME_MAX_SOCKETS_PER_IP: "100000",
      REALTIME_MAX_SOCKETS_PER_WALLET: "100000",
    },
  });
  cleanups.push(() => server.stop());
  const apiUrl = server.url;

  // --- sign-ins -------------------------------------------------------------------------------
  log(`signing in ${LOGINS} wallets, ${LOGIN_CONCURRENCY} at a time`);
  const api = apiClient({ baseUrl: apiUrl, siweDomain: SIWE.domain, siweUri: SIWE.uri, chainId: chain.chainId });
  const wallets = Array.from({ length: LOGINS }, () => privateKeyToAccount(generatePrivateKey()));
  // Wallets sign on the client: sign everything first, so the timing is the API's alone.
  const nonces = await Promise.all(wallets.map(() => api.call<{ nonce: string }>("POST", "/auth/nonce")));
  const signed = await Promise.all(
    wallets.map(async (wallet, i) => {
      const message = signInMessage({
        address: wallet.address,
        domain: SIWE.domain,
        uri: SIWE.uri,
        chainId: chain.chainId,
        nonce: nonces[i]!.nonce,
      });
      return { message, signature: await wallet.signMessage({ message }) };
    }),
  );
  const rpcBefore = rpc.total();
  const tLogin = performance.now();
  const queue = [...signed];
  await Promise.all(
    Array.from({ length: LOGIN_CONCURRENCY }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await api.call("POST", "/auth/verify", next);
    }),
  );
  const loginSeconds = (performance.now() - tLogin) / 1000;
  const loginRpcCalls = rpc.total() - rpcBefore;
  const logins = { count: LOGINS, perSecond: round(LOGINS / loginSeconds), rpcCalls: loginRpcCalls, concurrency: LOGIN_CONCURRENCY };
  log(`  ${logins.perSecond} sign-ins/s (nonce issued beforehand), ${loginRpcCalls} RPC calls`);

  // --- my orders --------------------------------------------------------------------------------
  const seller = chain.bob;
  const token = await api.signIn(seller.account);
  const ordersUrl = `${apiUrl}/orders?role=seller&limit=50`;
  const first = (await (await fetch(ordersUrl, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    data: { items: unknown[] };
  };
  if (first.data.items.length !== 50) throw new Error(`my-orders returned ${first.data.items.length} orders, not 50`);
  const graphql = JSON.stringify({
    query: `{ orderss(where: { seller: "${seller.address.toLowerCase()}" }, orderBy: "createdAt", orderDirection: "desc", limit: 50) {
      items { id chainId orderId buyer seller arbitrator token amount productHash status deadline createdAt closedAt createdBlockNumber blockNumber }
      pageInfo { hasNextPage endCursor } } }`,
  });
  const ponderFirst = (await (
    await fetch(`${indexer.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: graphql })
  ).json()) as {
    data?: { orderss: { items: unknown[] } };
  };
  if (ponderFirst.data?.orderss.items.length !== 50)
    throw new Error(`Ponder's GraphQL answered ${JSON.stringify(ponderFirst).slice(0, 300)}`);

  log(`GET my-orders (limit 50) at ${CONNECTIONS} connections for ${DURATION_S} s: the API`);
  const apiOrders = await load({ url: ordersUrl, headers: { authorization: `Bearer ${token}` } });
  log(`  ${apiOrders.requestsPerSecond} req/s, p99 ${apiOrders.p99Ms} ms`);
  log(`the same query through Ponder's GraphQL endpoint`);
  const ponderOrders = await load({
    url: `${indexer.url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: graphql,
  });
  log(`  ${ponderOrders.requestsPerSecond} req/s, p99 ${ponderOrders.p99Ms} ms`);

  // --- WebSocket fan-out ------------------------------------------------------------------------
  log(`WebSocket fan-out: ${WS_MESSAGES} events to ${WS_CLIENTS} clients of one room, ${FAN_OUT_ROUNDS} rounds each, alternating`);
  const wsUrl = `${apiUrl.replace(/^http/, "ws")}/realtime`;
  const apiSockets = await openSockets(WS_CLIENTS, () =>
    connectSocket(
      wsUrl,
      (socket) => socket.send(JSON.stringify({ type: "auth", token })),
      (m) => m.type === "authenticated",
    ),
  );
  const room = userRoom(seller.address);
  const payload = (i: number) => ({ chainId: chain.chainId, orderId: String(i), status: "SellerConfirmed", blockNumber: String(head) });
  const events = Array.from({ length: WS_MESSAGES }, (_, i) => ({ rooms: [room], kind: "order.updated", payload: payload(i) }));
  const publisher = await spawnUntil(
    process.execPath,
    ["scripts/bench/publish-events.ts"],
    { DATABASE_URL: databaseUrl, BENCH_EVENTS: JSON.stringify(events) },
    (output) => output.includes("ready"),
    "the event publisher",
  );
  const baseline = await spawnUntil(
    process.execPath,
    ["scripts/bench/ws-broadcast-server.ts"],
    {},
    (output) => output.includes("listening"),
    "the bare ws server",
  );
  const port = /listening (\d+)/.exec(baseline.output())![1];
  const bareSockets = await openSockets(WS_CLIENTS, () => connectSocket(`ws://127.0.0.1:${port}`));
  const frames = events.map((event, i) => ({
    type: "event",
    id: String(i + 1),
    room,
    kind: event.kind,
    payload: event.payload,
    createdAt: new Date().toISOString(),
  }));
  const body = JSON.stringify(frames);
  // Rounds alternate between the two, so a burst of load from elsewhere on a shared machine hits
  // both alike; the medians are compared.
  const apiRounds: number[] = [];
  const bareRounds: number[] = [];
  for (let i = 0; i < FAN_OUT_ROUNDS; i++) {
    apiRounds.push(await timeFanOut(apiSockets, WS_MESSAGES, async () => void publisher.child.stdin!.write("go\n")));
    bareRounds.push(
      await timeFanOut(
        bareSockets,
        WS_MESSAGES,
        async () => void (await fetch(`http://127.0.0.1:${port}/broadcast`, { method: "POST", body })),
      ),
    );
  }
  publisher.child.stdin!.end();
  for (const socket of [...apiSockets, ...bareSockets]) socket.terminate();
  const apiFanOutSeconds = median(apiRounds);
  const bareFanOutSeconds = median(bareRounds);
  const delivered = WS_CLIENTS * WS_MESSAGES;
  const fanOut = {
    clients: WS_CLIENTS,
    messages: WS_MESSAGES,
    rounds: FAN_OUT_ROUNDS,
    api: {
      medianSeconds: round(apiFanOutSeconds, 3),
      deliveriesPerSecond: round(delivered / apiFanOutSeconds),
      roundSeconds: apiRounds.map((s) => round(s, 3)),
    },
    bareWs: {
      medianSeconds: round(bareFanOutSeconds, 3),
      deliveriesPerSecond: round(delivered / bareFanOutSeconds),
      roundSeconds: bareRounds.map((s) => round(s, 3)),
    },
    ratio: round(bareFanOutSeconds / apiFanOutSeconds, 3),
  };
  log(`  API ${fanOut.api.deliveriesPerSecond} deliveries/s, bare ws ${fanOut.bareWs.deliveriesPerSecond} deliveries/s (medians)`);

  const result = {
    orders: ORDERS,
    myOrders: {
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      limit: 50,
      api: apiOrders,
      ponderGraphql: ponderOrders,
      ratio: round(apiOrders.requestsPerSecond / ponderOrders.requestsPerSecond, 3),
    },
    fanOut,
    logins,
  };
  await mkdir(path.join(ROOT, "bench"), { recursive: true });
  await writeFile(path.join(ROOT, "bench/api.json"), `${JSON.stringify(result, null, 2)}\n`);
  log("\nbench/api.json written");
  log(`  my-orders: API / Ponder GraphQL = ${result.myOrders.ratio}× (target ≥ 1.5×)`);
  log(`  fan-out:   API / bare ws        = ${fanOut.ratio}× (target ≥ 0.8×)`);
  log(`  sign-ins:  ${logins.perSecond}/s with ${logins.rpcCalls} RPC calls (target: none)`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}
