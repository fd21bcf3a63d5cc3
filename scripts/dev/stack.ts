// The dev stack, stage by stage: PostgreSQL (embedded, or DATABASE_URL), a Hardhat node whose chain
// survives restarts, the contracts, demo data, the ERC-4337 bundler (optional), then the indexer, the
// API, demo listings, the keeper and the web app. Each stage hands what it started to the next ones.
// `pnpm dev` runs it, and so do the browser tests.
import path from "node:path";
import { LOCAL_BUNDLER_PORT } from "../../contracts/bundler.ts";
import { INDEXER_VIEWS_SCHEMA } from "../../indexer/views-schema.ts";
import { type RunningApi, startApi } from "../lib/stack/api.ts";
import { type RunningBundler, startBundler } from "../lib/stack/bundler.ts";
import { type HardhatNode, setIntervalMining, startHardhatNode } from "../lib/stack/chain.ts";
import { buildContracts, deployContracts } from "../lib/stack/contracts.ts";
import { type RunningIndexer, startIndexer } from "../lib/stack/indexer.ts";
import { startKeeper } from "../lib/stack/keeper.ts";
import { assertPortFree } from "../lib/stack/ports.ts";
import { checkPostgres, startPostgres } from "../lib/stack/postgres.ts";
import { ensureWebBuild, type RunningWeb, startWeb } from "../lib/stack/web.ts";
import { devAccounts } from "./accounts.ts";
import { readJournal, replayJournal, saveJournal } from "./chain-journal.ts";
import { indexerSchema } from "./indexer-schema.ts";
import { devSecret } from "./secret.ts";
import { seedDemoData } from "./seed.ts";
import { seedDemoListings } from "./seed-listings.ts";
import { type OnStop, type StageResult, stageRunner } from "./stages.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATABASE = "p2p_escrow";
/** Base's block time: short enough that a newcomer sees a confirmation turn final in seconds. */
const DEFAULT_BLOCK_INTERVAL_MS = 2_000;

export interface DevSettings {
  /** The chain journal, the embedded database, the services' logs and the JWT secret. */
  stateDir: string;
  /**
   * Whether the chain is journaled on stop and replayed on the next start (the default). A stack
   * whose state dir is thrown away after it (the browser tests') skips the journal's write.
   */
  journal: boolean;
  ports: { chain: number; bundler: number; postgres: number; indexer: number; api: number; web: number };
  /**
   * Whether the stack runs the bundler (Alto): `pnpm dev` always; a browser test file only when its
   * tests send user operations, since every file starts a stack of its own.
   */
  bundler: boolean;
  /** A block every this many ms besides one per transaction (DEV_BLOCK_INTERVAL_MS; 0: only on transactions). */
  blockIntervalMs: number;
  /**
   * `start` (the default): `next start` serving a production build, built first when the sources
   * changed since the last one, so every page is fast from the first visit. `dev`
   * (DEV_WEB_MODE=dev, `pnpm dev --hot`): `next dev`, with hot reload, compiling each page on its
   * first visit.
   */
  webMode: "dev" | "start";
  /** The build `next start` serves (WEB_DIST_DIR; `.next` unless given); `next dev` always writes `.next-dev`. */
  webDistDir?: string;
  /** An external PostgreSQL in place of the embedded one. */
  databaseUrl?: string;
  /** The sign-in messages' host and origin; the web app's own unless given. */
  siwe: { domain?: string; uri?: string };
  /** Origins the API answers; the web app's unless given. */
  corsOrigins?: string;
}

/** The settings from the environment: DEV_* ports and the state directory, DATABASE_URL, … */
export function devSettings(env: NodeJS.ProcessEnv = process.env): DevSettings {
  return {
    stateDir: path.resolve(env.DEV_STATE_DIR ?? path.join(ROOT, ".dev")),
    journal: true,
    ports: {
      chain: Number(env.DEV_CHAIN_PORT ?? 8545),
      bundler: Number(env.DEV_BUNDLER_PORT ?? LOCAL_BUNDLER_PORT),
      postgres: Number(env.DEV_POSTGRES_PORT ?? 54320),
      indexer: Number(env.DEV_INDEXER_PORT ?? 42069),
      api: Number(env.DEV_API_PORT ?? 4000),
      web: Number(env.DEV_WEB_PORT ?? 3000),
    },
    bundler: true,
    blockIntervalMs: Number(env.DEV_BLOCK_INTERVAL_MS ?? DEFAULT_BLOCK_INTERVAL_MS),
    webMode: env.DEV_WEB_MODE === "dev" ? "dev" : "start",
    webDistDir: env.WEB_DIST_DIR,
    databaseUrl: env.DATABASE_URL,
    siwe: { domain: env.SIWE_DOMAIN, uri: env.SIWE_URI },
    corsOrigins: env.CORS_ORIGINS,
  };
}

export interface DevStack {
  chain: HardhatNode;
  /** Alto, bundling user operations for the local chain's EntryPoint v0.8 (BUNDLER_URL_<chainId>); null when not asked for. */
  bundler: RunningBundler | null;
  databaseUrl: string;
  indexer: RunningIndexer;
  api: RunningApi;
  web: RunningWeb;
  /** Stops every stage, in reverse order. */
  stop: () => Promise<void>;
}

/** Starts the whole stack, logging progress; a failure (StageFailure) has stopped what had started. */
export async function startDevStack(settings: DevSettings, log: (line: string) => void): Promise<DevStack> {
  const stages = stageRunner(log);
  const relay = (label: string) => (line: string) => log(`  ${label} │ ${line}`);
  const inStateDir = (file: string) => path.join(settings.stateDir, file);
  const shown = (file: string) => path.relative(ROOT, file) || ".";
  const webUrl = `http://localhost:${settings.ports.web}`;
  const siwe = { domain: settings.siwe.domain ?? `localhost:${settings.ports.web}`, uri: settings.siwe.uri ?? webUrl };

  const databaseUrl = await stages.run("postgres", async (onStop): Promise<StageResult<string>> => {
    if (settings.databaseUrl) {
      await checkPostgres(settings.databaseUrl);
      return { output: settings.databaseUrl, summary: "using DATABASE_URL" };
    }
    const { postgres: port } = settings.ports;
    await assertPortFree(port, "set DEV_POSTGRES_PORT, or DATABASE_URL for an external server");
    const server = await startPostgres({ dataDir: inStateDir("postgres"), port });
    onStop(server.stop);
    await server.createDatabase(DATABASE);
    const summary = `embedded PostgreSQL on 127.0.0.1:${port}, data in ${shown(settings.stateDir)}/postgres`;
    return { output: server.urlFor(DATABASE), summary };
  });

  const journalFile = settings.journal ? inStateDir("chain-journal.json") : null;
  const chain = await stages.run("chain", (onStop) => chainStage(settings.ports.chain, journalFile, log, onStop));
  const rpcUrls = { [chain.chainId]: chain.url };

  await stages.run("contracts", async () => {
    await buildContracts({ onLine: relay("build") });
    await deployContracts({ rpcUrl: chain.url, onLine: relay("deploy") });
    return { output: undefined, summary: "deployed (deployments/31337.json) and contracts/generated/deployments.ts regenerated" };
  });

  await stages.run("demo data", async () => ({ output: await seedDemoData(chain.url, relay("demo")) }));

  // After the contracts, which put the EntryPoint and the deterministic deployer there: through it
  // the bundler deploys its simulation contracts on a fresh chain (journaled like every other
  // transaction). After the demo data, so a stack without it (most browser tests) has the same
  // blocks before it; before the clock, so a stack with it has the same ones on every fresh chain.
  const bundler = !settings.bundler
    ? null
    : await stages.run("bundler", async (onStop) => {
        await assertPortFree(settings.ports.bundler, "set DEV_BUNDLER_PORT");
        const logFile = inStateDir("bundler.log");
        const key = (role: string) => devAccounts().find((a) => a.role === role)!.privateKey;
        const bundler = await startBundler({
          rpcUrl: chain.url,
          executorPrivateKey: key("bundler"),
          utilityPrivateKey: key("bundler utility"),
          port: settings.ports.bundler,
          logFile,
          detached: true,
        });
        onStop(async () => void (await bundler.stop()));
        return {
          output: bundler,
          summary: `Alto at ${bundler.url} for EntryPoint ${bundler.entryPoints.join(", ")} (log ${shown(logFile)})`,
        };
      });

  // Only now: the deployment, the demo data and the bundler's contracts land in the same blocks on
  // every fresh chain, so stacks started side by side (the browser test files) write the same shared
  // deployment record, start blocks included; a block mined by the clock in between would shift them.
  if (settings.blockIntervalMs > 0) {
    await stages.run("block clock", async () => {
      await setIntervalMining(chain.client, settings.blockIntervalMs);
      return { output: undefined, summary: `a block every ${settings.blockIntervalMs / 1000} s and on each transaction` };
    });
  }

  const indexer = await stages.run("indexer", async (onStop) => {
    await assertPortFree(settings.ports.indexer, "set DEV_INDEXER_PORT");
    const schema = await indexerSchema();
    const logFile = inStateDir("indexer.log");
    const indexer = await startIndexer({
      databaseUrl,
      rpcUrls,
      schema,
      viewsSchema: INDEXER_VIEWS_SCHEMA,
      port: settings.ports.indexer,
      logFile,
      detached: true,
      until: "head",
    });
    onStop(indexer.stop);
    const summary = `Ponder at ${indexer.url} (schema ${schema}, views in "${INDEXER_VIEWS_SCHEMA}", log ${shown(logFile)})`;
    return { output: indexer, summary };
  });

  // The keeper's account is the case-key relay (api/src/keeper/relay.ts): the API and the web app
  // are told its address, the keeper derives its keys from its key.
  const keeperAccount = devAccounts().find((a) => a.role === "keeper")!;
  const quoteSigner = devAccounts().find((a) => a.role === "paymaster quote signer")!;
  const relayer = devAccounts().find((a) => a.role === "order relayer")!;
  const api = await stages.run("api", async (onStop) => {
    await assertPortFree(settings.ports.api, "set DEV_API_PORT");
    const logFile = inStateDir("api.log");
    const api = await startApi({
      databaseUrl,
      rpcUrls,
      jwtSecret: await devSecret(inStateDir("jwt-secret")),
      siwe,
      corsOrigins: settings.corsOrigins ?? `${webUrl},http://127.0.0.1:${settings.ports.web}`,
      ipfsRepoDir: inStateDir("ipfs"),
      // The paymaster's quote signer (scripts/lib/paymaster.ts): the API answers POST /paymaster with
      // its quotes. The order relayer: the API relays orders paid by EIP-3009 authorization (/relay).
      env: {
        CASE_RELAY_ADDRESS: keeperAccount.address,
        PAYMASTER_QUOTE_SIGNER_KEY: quoteSigner.privateKey,
        RELAYER_PRIVATE_KEY: relayer.privateKey,
      },
      port: settings.ports.api,
      logFile,
      detached: true,
    });
    onStop(api.stop);
    return { output: api, summary: `${api.url} (OpenAPI at ${api.url}/docs, log ${shown(logFile)})` };
  });

  await stages.run("demo listings", async () => ({ output: await seedDemoListings(api.url, relay("demo"), siwe) }));

  await stages.run("keeper", async (onStop) => {
    const logFile = inStateDir("keeper.log");
    const keeper = await startKeeper({
      databaseUrl,
      rpcUrls,
      privateKey: keeperAccount.privateKey,
      logFile,
      detached: true,
    });
    onStop(async () => void (await keeper.stop()));
    const summary =
      "calls expireOrder, autoRelease, resolveUnanswered, drawArbitrator, escalate, replaceArbitrator and applyQueuedWeights " +
      `when due (log ${shown(logFile)})`;
    return { output: keeper, summary };
  });

  const web = await stages.run("web", async (onStop) => {
    await assertPortFree(settings.ports.web, "set DEV_WEB_PORT");
    const logFile = inStateDir("web.log");
    const build = settings.webMode === "start" ? await ensureWebBuild({ distDir: settings.webDistDir, onLine: relay("web build") }) : null;
    const web = await startWeb({
      mode: settings.webMode,
      // `next dev` writes its own output directory, away from a production build in `.next`.
      distDir: settings.webMode === "dev" ? ".next-dev" : settings.webDistDir,
      apiUrl: api.url,
      rpcUrls,
      caseRelay: keeperAccount.address,
      bundlerUrls: bundler ? { [chain.chainId]: bundler.url } : {},
      port: settings.ports.web,
      logFile,
      detached: true,
    });
    onStop(web.stop);
    // Warm the marketplace route up so the first visit does not wait for its compilation.
    if (settings.webMode === "dev") void fetch(`${web.url}/marketplace`).catch(() => undefined);
    const mode = build === null ? "next dev, hot reload" : `next start, production build ${build}`;
    return { output: web, summary: `${web.url} (${mode}, log ${shown(logFile)})` };
  });

  return { chain, bundler, databaseUrl, indexer, api, web, stop: stages.stopAll };
}

/**
 * The Hardhat node, in its own process group (a terminal's Ctrl-C must reach only the runner,
 * which journals the chain before it stops the node), with the journaled chain replayed into it.
 * It mines on each transaction; the stack turns its block clock on once the contracts are deployed,
 * and off again before the journal is written: a block mined by the clock meanwhile would not be
 * the journal's.
 */
async function chainStage(
  port: number,
  journalFile: string | null,
  log: (line: string) => void,
  onStop: OnStop,
): Promise<StageResult<HardhatNode>> {
  await assertPortFree(port, "another node running? set DEV_CHAIN_PORT");
  const journal = journalFile === null ? undefined : await readJournal(journalFile);
  const node = await startHardhatNode({
    port,
    initialDate: journal ? new Date(journal.genesisTimestamp * 1000) : undefined,
    detached: true,
    quiet: true,
  });
  // Set once the node holds the whole chain (fresh, or fully replayed): only then may stopping it
  // overwrite the journal, so a failed replay never truncates the chain it was replaying.
  let complete = false;
  onStop(async () => {
    try {
      if (journalFile !== null && complete && node.process.exitCode === null) {
        await setIntervalMining(node.client, 0);
        const blocks = await saveJournal(node.client, journalFile);
        log(`  chain │ journaled ${blocks} blocks to ${journalFile}`);
      }
    } finally {
      await node.stop();
    }
  });
  if (journal) {
    await replayJournal(node.client, journal).catch((error) => {
      throw new Error(`replaying ${journalFile} failed (${error.message}); run \`pnpm dev --fresh\` to start over`);
    });
  }
  complete = true;
  const origin = journal ? `${journal.blocks.length} blocks replayed from the chain journal` : "new chain";
  return { output: node, summary: `Hardhat node at ${node.url}, ${origin}` };
}
