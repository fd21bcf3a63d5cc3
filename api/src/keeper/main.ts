// The keeper worker (`pnpm --filter @p2p-escrow/api keeper`): every KEEPER_INTERVAL_MS, for each
// chain with an RPC URL, it expires orders past the seller window, auto-releases orders past the
// buyer window, ends disputes whose deposit went unanswered past the response deadline, draws
// arbitrators whose randomness is ready (before the draw deadline), hands disputes nobody was drawn
// for to the fallback once that costs nothing, replaces arbitrators past their deadline, and applies
// queued arbitrator weights once no draw is open, and relays disputed cases' keys to their
// arbitrators (relay.ts: the keeper's account is the case-key relay). Without KEEPER_PRIVATE_KEY it
// sends nothing, relays nothing and notifies the parties instead.
// Several keepers may run: one holds an advisory lock and works, the others stand by; every
// transaction is sent only after the server confirms the lock is still held.
// Stops cleanly on SIGINT/SIGTERM, finishing the call in flight.
// An internal HTTP listener (KEEPER_HTTP_HOST:KEEPER_HTTP_PORT) answers /health, /ready and /metrics.
import { setTimeout as sleep } from "node:timers/promises";
import type { WalletKeys } from "@p2p-escrow/protocol/keys";
import { sql } from "kysely";
import { privateKeyToAccount } from "viem/accounts";
import { connectDatabase } from "../db/connect.ts";
import { startMetricsServer } from "../lib/metrics-server.ts";
import { advisoryLeadership } from "../services/realtime/leader.ts";
import { KeeperConfigError, loadKeeperConfig } from "./env.ts";
import { ChainKeeper, KEEPER_LOCK_KEY, type KeeperLog } from "./keeper.ts";
import { keeperMetrics } from "./metrics.ts";
import { relayKeys } from "./relay.ts";

/** /health fails once the loop has not come round for this long (a round hung on its RPC, say). */
const STALL_MIN_MS = 120_000;
const STALL_INTERVALS = 10;
const READY_TIMEOUT_MS = 2_000;
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];

function logger(level: string): KeeperLog & { error(obj: object, msg: string): void } {
  const min = level === "silent" ? Infinity : LEVELS.indexOf(level);
  const at = (name: string) => (obj: object, msg: string) => {
    if (LEVELS.indexOf(name) < min) return;
    const line = JSON.stringify({ level: name, time: new Date().toISOString(), msg, ...obj }, (_, v) =>
      typeof v === "bigint" ? v.toString() : v instanceof Error ? { message: v.message } : v,
    );
    (name === "error" || name === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

async function main() {
  let config: ReturnType<typeof loadKeeperConfig>;
  try {
    config = loadKeeperConfig();
  } catch (error) {
    if (error instanceof KeeperConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = logger(config.LOG_LEVEL);
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());

  const db = connectDatabase({
    connectionString: config.DATABASE_URL,
    viewsSchema: config.INDEXER_VIEWS_SCHEMA,
    max: 4,
    onConnectionError: (err) => log.warn({ err }, "database connection failed"),
  });
  const account = config.KEEPER_PRIVATE_KEY ? privateKeyToAccount(config.KEEPER_PRIVATE_KEY as `0x${string}`) : null;
  const leadership = advisoryLeadership(config.DATABASE_URL, KEEPER_LOCK_KEY, log);
  // Each send is fenced by the lock: a keeper that lost it mid-round (its lock connection dropped,
  // another keeper took over) stops sending before the new leader can send the same call.
  const mayAct = () => leadership.confirm();
  // The relay's keys are derived and their binding stored once, on the first round that needs them
  // (a database down at start must not stop the keeper from starting).
  let keys: Promise<WalletKeys> | null = null;
  const caseRelayKeys = account
    ? () =>
        (keys ??= relayKeys(db, account).catch((error) => {
          keys = null;
          throw error;
        }))
    : undefined;
  const keepers = config.chains.map(
    (chain) => new ChainKeeper({ chain, db, account, log, batch: config.KEEPER_BATCH, mayAct, relayKeys: caseRelayKeys }),
  );
  const metrics = keeperMetrics(config.chains, account?.address ?? null);
  let lastTick = Date.now();
  let leading = false;
  const stallMs = Math.max(STALL_MIN_MS, STALL_INTERVALS * config.KEEPER_INTERVAL_MS);
  const server = await startMetricsServer({
    host: config.KEEPER_HTTP_HOST,
    port: config.KEEPER_HTTP_PORT,
    registry: metrics.registry,
    onError: (err) => log.warn({ err }, "keeper HTTP request failed"),
    probes: {
      // Liveness: the loop still comes round (leader or standby).
      "/health": async () => {
        const sinceTickMs = Date.now() - lastTick;
        const alive = sinceTickMs <= stallMs;
        return { status: alive ? 200 : 503, body: { status: alive ? "ok" : "stalled", leading, sinceTickMs } };
      },
      // Readiness: the database answers.
      "/ready": async () => {
        const database = await Promise.race([
          sql`select 1`.execute(db).then(() => true),
          sleep(READY_TIMEOUT_MS, false, { ref: false }),
        ]).catch(() => false);
        return { status: database ? 200 : 503, body: { database, leading } };
      },
    },
  });
  log.info(
    { chains: config.chains.map((c) => c.chainId), sender: account?.address ?? null },
    account ? "keeper started" : "keeper started without a key: it only notifies",
  );

  while (!stop.signal.aborted) {
    lastTick = Date.now();
    leading = await leadership.check();
    metrics.leading(leading);
    if (leading) {
      for (const keeper of keepers) {
        if (stop.signal.aborted) break;
        const started = performance.now();
        try {
          const result = await keeper.round();
          metrics.round(keeper.chain.chainId, (performance.now() - started) / 1000, result);
          for (const skip of result.skipped) log.debug({ chainId: keeper.chain.chainId, ...skip }, "keeper call skipped");
          log.debug(
            {
              chainId: keeper.chain.chainId,
              sent: result.sent.length,
              notified: result.notified.length,
              skipped: result.skipped.length,
              relayed: result.relayed.length,
            },
            "keeper round done",
          );
        } catch (err) {
          metrics.roundFailed(keeper.chain.chainId, (performance.now() - started) / 1000);
          log.warn({ err, chainId: keeper.chain.chainId }, "keeper round failed");
        }
      }
    }
    await sleep(config.KEEPER_INTERVAL_MS, undefined, { signal: stop.signal }).catch(() => {});
  }
  await leadership.release();
  await server.close();
  await db.destroy();
  log.info({}, "keeper stopped");
}

await main();
