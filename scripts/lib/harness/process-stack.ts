// A deployment on one machine as separate OS processes, for the multi-process and resilience tests
// and the resilience benchmark: a Hardhat node with the stack deployed, PostgreSQL, the indexer,
// several API processes and keepers, each started as the dev stack starts it (scripts/lib/stack/),
// each one killable with SIGKILL and restartable on the same port, as a crashed service behind a
// load balancer comes back. Who leads the watcher or the keeper is asked of PostgreSQL (pg_locks).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Hex } from "viem";
import { KEEPER_LOCK_KEY } from "../../../api/src/keeper/keeper.ts";
import { WATCHER_LOCK_KEY } from "../../../api/src/plugins/app/indexer-watcher.ts";
import { INDEXER_VIEWS_SCHEMA } from "../../../indexer/views-schema.ts";
import { type RunningApi, startApi } from "../stack/api.ts";
import { type RunningIndexer, startIndexer } from "../stack/indexer.ts";
import { startKeeper } from "../stack/keeper.ts";
import { freePort } from "../stack/ports.ts";
import { type RunningPostgres, startPostgres } from "../stack/postgres.ts";
import type { Service } from "../stack/service.ts";
import { waitFor } from "../wait-for.ts";
import { type EscrowChain, startEscrowChain, writeIndexerDeployments } from "./escrow-chain.ts";

export const SIWE = { domain: "app.test", uri: "https://app.test" };
const JWT_SECRET = "process-stack-secret-process-stack-secret-0123";
const INDEXER_SCHEMA = "ponder_processes";

/** One service of the stack: started, killed and started again under one name and address. */
export interface Slot<T> {
  /** How its database sessions are named (PGAPPNAME), so pg_stat_activity and pg_locks tell it apart. */
  name: string;
  running: T | null;
  alive(): boolean;
  /** Starts it (again); resolves once it is ready. */
  start(): Promise<T>;
  /** SIGKILL, as a crash would; resolves once it has exited. */
  kill(): Promise<void>;
  /** The end of what it printed before it last exited on its own (a crash nobody asked for), if it has. */
  lastWords: string | null;
}

export interface ApiSlot extends Slot<RunningApi> {
  url: string;
}

export interface ProcessStackOptions {
  apis: number;
  /** Keys of the keepers to run (none unless given); each keeper gets its own key. */
  keeperKeys?: Hex[];
  /** Further API settings. */
  apiEnv?: Record<string, string>;
  keeperIntervalMs?: number;
}

export interface ProcessStack {
  chain: EscrowChain;
  databaseUrl: string;
  postgres(): RunningPostgres;
  indexer: Slot<RunningIndexer>;
  apis: ApiSlot[];
  keepers: Slot<Service>[];
  /** A pool on the stack's database, for the checks of tests (it reconnects after a restart). */
  pool: pg.Pool;
  /** The name of the API process leading the indexer watcher, or null while none does. */
  watcherLeader(): Promise<string | null>;
  /** Waits until an API process other than `previous` leads the watcher; resolves to its name. */
  watcherSuccessor(previous: string, timeoutMs?: number): Promise<string>;
  /** The name of the keeper holding the keeper's lock, or null while none does. */
  keeperLeader(): Promise<string | null>;
  /** The ids of `room`'s realtime events after `after`, in id order, as the log holds them. */
  roomLog(room: string, after: string): Promise<string[]>;
  /** Stops PostgreSQL (fast shutdown, every session ended) and starts it again on its data and port. */
  restartPostgres(): Promise<void>;
  /** Resolves once the indexer has indexed the chain's current head. */
  synced(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function slot<T extends { kill: () => Promise<unknown>; exited: Promise<unknown>; output: () => string }>(
  name: string,
  run: () => Promise<T>,
): Slot<T> {
  const s: Slot<T> = {
    name,
    running: null,
    lastWords: null,
    alive: () => s.running !== null,
    async start() {
      const running = await run();
      s.running = running;
      // A crash nobody asked for also counts as not alive.
      void running.exited.then(() => {
        if (s.running !== running) return;
        s.running = null;
        s.lastWords = running.output().slice(-1_500);
      });
      return running;
    },
    async kill() {
      const running = s.running;
      s.running = null;
      await running?.kill();
    },
  };
  return s;
}

/** Who holds the session-level advisory lock `key` on the stack's database, by session name. */
async function lockHolder(pool: pg.Pool, key: number): Promise<string | null> {
  const { rows } = await pool.query<{ name: string }>(
    `select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and ((l.classid::bigint << 32) | l.objid::bigint) = $1`,
    [key],
  );
  return rows[0]?.name ?? null;
}

export async function startProcessStack(options: ProcessStackOptions): Promise<ProcessStack> {
  const [chain, firstPostgres] = await Promise.all([startEscrowChain(), startPostgres()]);
  let postgres = firstPostgres;
  const stops: (() => Promise<unknown>)[] = [() => chain.node.stop(), () => postgres.stop()];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
  };
  try {
    await chain.fund();
    const database = "processes";
    await postgres.createDatabase(database);
    const databaseUrl = postgres.urlFor(database);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    pool.on("error", () => {}); // an idle connection dropped by a restart: the next query opens another
    stops.push(() => pool.end());
    const rpcUrls = { [chain.chainId]: chain.node.url };
    const deploymentsFile = await writeIndexerDeployments([chain]);

    const indexerPort = await freePort();
    const indexer = slot("indexer", () =>
      startIndexer({
        databaseUrl,
        deploymentsFile,
        rpcUrls,
        port: indexerPort,
        schema: INDEXER_SCHEMA, // the same one each time: a restart resumes from its checkpoint
        viewsSchema: INDEXER_VIEWS_SCHEMA,
        timeoutMs: 120_000,
      }),
    );
    stops.push(() => indexer.running?.stop() ?? Promise.resolve());
    await indexer.start();

    const ipfsRepoDir = await mkdtemp(path.join(tmpdir(), "process-stack-ipfs-"));
    const apis: ApiSlot[] = [];
    for (let i = 1; i <= options.apis; i++) {
      const port = await freePort();
      const name = `p2p-escrow-api-${i}`;
      const api = slot(name, () =>
        startApi({
          databaseUrl,
          rpcUrls,
          jwtSecret: JWT_SECRET,
          siwe: SIWE,
          // One blockstore each: Helia locks its repository.
          ipfsRepoDir: path.join(ipfsRepoDir, String(i)),
          port,
          // Several processes start at once on a machine the indexer and the chain share.
          timeoutMs: 120_000,
          env: {
            PGAPPNAME: name,
            LOG_LEVEL: "warn",
            // The load comes from one address: the per-IP limits would measure the limiter, not the stack.
            RATE_LIMIT_IP_PER_MINUTE: "100000000",
            RATE_LIMIT_WALLET_PER_MINUTE: "100000000",
            RATE_LIMIT_AUTH_PER_MINUTE: "100000000",
            REALTIME_MAX_SOCKETS_PER_IP: "100000",
            ...options.apiEnv,
          },
        }),
      );
      apis.push(Object.assign(api, { url: `http://127.0.0.1:${port}` }));
      stops.push(() => api.running?.stop() ?? Promise.resolve());
    }
    // One after another: the first applies the migrations, the others find them applied.
    for (const api of apis) await api.start();

    const keepers = (options.keeperKeys ?? []).map((privateKey, i) => {
      const name = `p2p-escrow-keeper-${i + 1}`;
      const keeper = slot(name, () =>
        startKeeper({
          baseEnv: { PATH: process.env.PATH },
          databaseUrl,
          rpcUrls,
          deploymentsFile,
          privateKey,
          applicationName: name,
          intervalMs: options.keeperIntervalMs ?? 200,
          logLevel: "info",
        }),
      );
      stops.push(() => keeper.running?.stop() ?? Promise.resolve());
      return keeper;
    });
    for (const keeper of keepers) await keeper.start();

    return {
      chain,
      databaseUrl,
      postgres: () => postgres,
      indexer,
      apis,
      keepers,
      pool,
      watcherLeader: () => lockHolder(pool, WATCHER_LOCK_KEY),
      watcherSuccessor: (previous, timeoutMs) =>
        waitFor(
          async () => {
            const name = await lockHolder(pool, WATCHER_LOCK_KEY);
            return name !== null && name !== previous && name;
          },
          { timeoutMs, intervalMs: 10, what: "another process to lead the watcher" },
        ),
      keeperLeader: () => lockHolder(pool, KEEPER_LOCK_KEY),
      async roomLog(room, after) {
        const { rows } = await pool.query<{ id: string }>(
          "select e.id::text from api.realtime_events e where e.room = $1 and e.id > $2 order by e.id",
          [room, after],
        );
        return rows.map((r) => r.id);
      },
      async restartPostgres() {
        const { dataDir, port } = postgres;
        await postgres.stop();
        postgres = await startPostgres({ dataDir, port });
      },
      async synced(timeoutMs = 60_000) {
        const head = await chain.client.getBlockNumber();
        await waitFor(async () => indexer.running !== null, { timeoutMs, what: "the indexer to run" });
        await indexer.running!.waitForBlock(chain.chainId, head, timeoutMs);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
