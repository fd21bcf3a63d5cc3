// `pnpm indexer:rollout`: a new indexer version with no downtime for readers (docs/indexer-rollout.md).
// Starts `ponder start` on a schema of its own beside the live version, waits until it has
// backfilled and caught up with the live version on every chain, switches the views schema to it
// in one transaction, then keeps running it: the process stays in the foreground as the new
// indexer (SIGINT or SIGTERM stops it; its exit ends the script with its code). The old version is
// left running for the operator to stop; the views no longer show it.
//
// Environment: DATABASE_URL (required), RPC_URL_<chainId> for every indexed chain, and optionally
// INDEXER_VIEWS_SCHEMA (the API's and keeper's setting, `indexer` by default).
import { parseArgs } from "node:util";
import { INDEXER_VIEWS_SCHEMA } from "../indexer/views-schema.ts";
import { indexerSchema } from "./dev/indexer-schema.ts";
import { rollOutIndexer } from "./lib/indexer-rollout/roll-out.ts";
import { type RunningIndexer, startIndexer } from "./lib/stack/indexer.ts";

const USAGE = `usage: node scripts/indexer-rollout.ts [--schema <name>] [--views-schema <name>] [--port <n>] [--hostname <host>]
                                    [--log-file <path>] [--timeout-minutes <n>]
  --schema           the new version's Ponder schema (default: indexer_<hash of the indexing code>)
  --views-schema     the stable schema readers query (default: INDEXER_VIEWS_SCHEMA or "${INDEXER_VIEWS_SCHEMA}")
  --port             the new version's HTTP port (default 42070, beside the live one's 42069)
  --timeout-minutes  how long its backfill and catch-up may take before it is stopped (default 720)`;

const { values } = parseArgs({
  options: {
    schema: { type: "string" },
    "views-schema": { type: "string" },
    port: { type: "string", default: "42070" },
    hostname: { type: "string", default: "127.0.0.1" },
    "log-file": { type: "string" },
    "timeout-minutes": { type: "string", default: "720" },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`indexer-rollout: ${message}\n${USAGE}`);
  process.exit(2);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail("DATABASE_URL is required");
const port = Number(values.port);
const timeoutMinutes = Number(values["timeout-minutes"]);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) fail(`--port ${values.port} is not a port`);
if (!(timeoutMinutes > 0)) fail(`--timeout-minutes ${values["timeout-minutes"]} is not a positive number`);
const schema = values.schema ?? (await indexerSchema());
const viewsSchema = values["views-schema"] ?? process.env.INDEXER_VIEWS_SCHEMA ?? INDEXER_VIEWS_SCHEMA;

const log = (line: string) => console.log(`indexer-rollout: ${line}`);

// A signal stops the new version whenever it comes: before the switch the views stay on the live one.
let indexer: RunningIndexer | undefined;
const stop = async () => {
  await indexer?.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

const rollout = await rollOutIndexer({
  databaseUrl,
  schema,
  viewsSchema,
  timeoutMs: timeoutMinutes * 60_000,
  log,
  // No --views-schema: were this process restarted before the switch, Ponder would publish the
  // views itself at the end of its backfill, behind the live version.
  start: async () => {
    indexer = await startIndexer({
      databaseUrl,
      rpcUrls: {},
      schema,
      port,
      hostname: values.hostname,
      logFile: values["log-file"],
      until: "listening",
      timeoutMs: 300_000,
    });
    return indexer;
  },
}).catch((error: Error) => {
  console.error(`indexer-rollout: ${error.message}`);
  process.exit(1);
});

console.log(
  JSON.stringify({
    schema,
    viewsSchema,
    previous: rollout.previous ?? null,
    url: rollout.indexer.url,
    catchUpMs: Math.round(rollout.catchUpMs),
    heldMs: Number(rollout.heldMs.toFixed(1)),
    retries: rollout.retries,
  }),
);
if (rollout.previous) log(`stop the indexer on "${rollout.previous}"; drop that schema once nothing rolls back to it`);
const code = await rollout.indexer.exited;
process.exit(code ?? 0);
