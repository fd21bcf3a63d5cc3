// Each service of deploy/compose.yaml started by its production command exactly as its container
// runs it (command, environment and working directory read from the Compose file and the image's
// Dockerfile: containers.ts), against a real PostgreSQL and Hardhat node: the explicit migrate
// step, the indexer, the views step (the indexer publishes no views itself), two API processes and
// the keeper, each found ready by its own healthcheck.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_JWT_SECRETS } from "../../api/src/config/production.ts";
import { liveSchema } from "../../api/src/db/indexer-views/switch.ts";
import { contractOn, startBlockOf } from "../../contracts/deployed.ts";
import { DEV_MNEMONIC } from "../../contracts/dev-accounts.ts";
import { ponderStatus } from "../../indexer/status.ts";
import { INDEXER_VIEWS_SCHEMA } from "../../indexer/views-schema.ts";
import { type EscrowChain, startEscrowChain } from "../../scripts/lib/harness/escrow-chain.ts";
import { freePort } from "../../scripts/lib/stack/ports.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { composeWith, healthy, outside, type ProductionStack, runOutside, startOutside } from "./containers.ts";

const DATABASE = "p2p_production";
const INDEXER_SCHEMA = "indexer_production_test";
/**
 * How long one service may take to start: Ponder bundles its app with Vite as it starts and the API
 * loads every plugin first; on the shared two-core test machine each has taken over a minute.
 */
const START_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = START_TIMEOUT_MS + 60_000;

describe("each service's production command, run as its container would", () => {
  let chain: EscrowChain;
  let postgres: RunningPostgres;
  let stack: ProductionStack;
  let indexerPort: number;
  const stops: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    // One after the other: on a loaded machine the node's start alone takes most of its allowance.
    chain = await startEscrowChain({ timeoutMs: START_TIMEOUT_MS });
    stops.push(() => chain.node.stop());
    postgres = await startPostgres();
    stops.push(() => postgres.stop());
    await postgres.createDatabase(DATABASE);
    // The keeper's own key, funded the way an operator funds it.
    const keeperKey = generatePrivateKey();
    await chain.client.request({
      method: "hardhat_setBalance" as never,
      params: [privateKeyToAccount(keeperKey).address, "0x56bc75e2d63100000"] as never,
    });
    indexerPort = await freePort();
    // What an operator writes into deploy/.env; the rest comes from env.example.
    const variables = {
      POSTGRES_USER: "postgres",
      POSTGRES_PASSWORD: "postgres",
      POSTGRES_DB: DATABASE,
      JWT_SECRET: randomBytes(32).toString("hex"),
      INDEXER_SCHEMA,
      WEB_DOMAIN: "escrow.test",
      API_DOMAIN: "api.escrow.test",
      KEEPER_PRIVATE_KEY: keeperKey,
      CASE_RELAY_ADDRESS: privateKeyToAccount(keeperKey).address,
      RPC_URL_31337: chain.node.url,
      LOG_LEVEL: "warn",
    };
    stack = {
      compose: composeWith(variables),
      addresses: {
        "postgres:5432": `127.0.0.1:${postgres.port}`,
        "indexer:42069": `127.0.0.1:${indexerPort}`,
        // Nothing listens: the API reaches Kubo only when a file is stored or read.
        "kubo:5001": `127.0.0.1:${await freePort()}`,
      },
    };
  }, 2 * TEST_TIMEOUT_MS); // a node, the real deploy script and PostgreSQL, each started and waited for

  afterAll(async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  });

  /** The deployment the views schema shows, as the API and the views step see it. */
  async function shownSchema() {
    const client = new pg.Client({ connectionString: postgres.urlFor(DATABASE) });
    await client.connect();
    try {
      return await liveSchema(client, INDEXER_VIEWS_SCHEMA);
    } finally {
      await client.end();
    }
  }

  it("finds the chain where the images' deployments module says it is", () => {
    // The images index and keep the chains of contracts/generated/deployments.ts, with no file of
    // their own: the fresh node's deployment must be the committed one.
    expect(contractOn(chain.chainId, "P2PEscrow")?.address).toBe(chain.escrow);
    expect(startBlockOf(chain.chainId, "P2PEscrow")).toBeGreaterThanOrEqual(0);
  });

  it(
    "refuses to start the API while a migration is pending, naming the migrate command",
    async () => {
      // It gets as far as the database: every plugin loads first, which takes a while on a loaded machine.
      const { code, output } = await runOutside(await outside(stack, "api-1", await freePort()), START_TIMEOUT_MS);
      expect(code, output).toBe(1);
      expect(output).toMatch(/pending migration\(s\): .*run the migrate command/);
    },
    TEST_TIMEOUT_MS,
  );

  it("applies the migrations with the migrate service's command, and finds nothing left on a second run", async () => {
    const migrate = await outside(stack, "migrate", await freePort());
    const first = await runOutside(migrate);
    expect(first, first.output).toMatchObject({ code: 0 });
    expect(first.output).toMatch(/^applied: /);
    expect(await runOutside(migrate)).toMatchObject({ code: 0, output: "already up to date\n" });
  });

  it(
    "indexes the chain with the indexer's command, healthy at once and backfilled soon after, publishing no views itself",
    async () => {
      const indexer = await startOutside("the indexer", await outside(stack, "indexer", indexerPort), START_TIMEOUT_MS);
      stops.push(() => indexer.stop());
      await waitFor(() => ponderStatus(`http://127.0.0.1:${indexerPort}`).backfilled(), {
        timeoutMs: START_TIMEOUT_MS,
        what: "the indexer's backfill",
      });
      expect(await shownSchema()).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "publishes the indexer's deployment in the views schema with the views step, and finds nothing to do on a second run",
    async () => {
      const step = await outside(stack, "indexer-views", await freePort());
      const first = await runOutside(step, START_TIMEOUT_MS);
      expect(first, first.output).toMatchObject({ code: 0 });
      expect(first.output).toContain(`"schema":"${INDEXER_SCHEMA}"`);
      expect(await shownSchema()).toBe(INDEXER_SCHEMA);
      expect(await runOutside(step, START_TIMEOUT_MS)).toMatchObject({
        code: 0,
        output: `views "${INDEXER_VIEWS_SCHEMA}" already show "${INDEXER_SCHEMA}"\n`,
      });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "serves two API processes, each found ready (database and the published views) by its healthcheck",
    async () => {
      const apis = await Promise.all(
        ["api-1", "api-2"].map(async (name) => {
          const port = await freePort();
          const api = await startOutside(`the API (${name})`, await outside(stack, name, port), START_TIMEOUT_MS);
          stops.push(() => api.stop());
          return port;
        }),
      );
      for (const port of apis) {
        const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
        expect(health).toMatchObject({ success: true, data: { status: "ok" } });
        const ready = await (await fetch(`http://127.0.0.1:${port}/ready`)).json();
        expect(ready).toMatchObject({ success: true, data: { database: true, indexer: { published: true, backfilled: true } } });
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "runs the keeper with its own key, found ready by its healthcheck",
    async () => {
      const port = await freePort();
      const command = await outside(stack, "keeper", port);
      const keeper = await startOutside("the keeper", command);
      stops.push(() => keeper.stop());
      expect(await healthy(command)).toBe(true);
      const ready = await (await fetch(`http://127.0.0.1:${port}/ready`)).json();
      expect(ready).toMatchObject({ database: true });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "refuses the API with the published example secret, and the keeper with a dev mnemonic key",
    async () => {
      const api = await runOutside(await outside(stack, "api-1", await freePort(), { JWT_SECRET: PUBLIC_JWT_SECRETS[0]! }));
      expect(api.code, api.output).toBe(1);
      expect(api.output).toMatch(/JWT_SECRET: is the published example/);
      const devKey = `0x${Buffer.from(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 8 }).getHdKey().privateKey!).toString("hex")}`;
      const keeper = await runOutside(await outside(stack, "keeper", await freePort(), { KEEPER_PRIVATE_KEY: devKey }));
      expect(keeper.code, keeper.output).toBe(1);
      expect(keeper.output).toMatch(/KEEPER_PRIVATE_KEY: is a key of the public dev mnemonic/);
    },
    TEST_TIMEOUT_MS,
  );
});
