// The views schema's switch on a real PostgreSQL, with deployments laid out as Ponder 0.16 lays
// them out (its `_ponder_meta` app row and `_ponder_checkpoint` table beside the app's tables), so
// each case can set exactly how far each deployment has got. The rollout with real Ponder
// processes and the API is test/indexer/rollout.test.ts.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveSchema, switchViews } from "../../api/src/db/indexer-views/switch.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";

const CHAIN_ID = 31337;
const VIEWS = "indexer";

/** A checkpoint as Ponder encodes it: timestamp, chain id, block number, position in the block. */
const checkpoint = (block: number) =>
  `${String(1_700_000_000 + block).padStart(10, "0")}${String(CHAIN_ID).padStart(16, "0")}${String(block).padStart(16, "0")}${"0".repeat(16)}5${"0".repeat(16)}`;

let postgres: RunningPostgres | undefined;
let databases = 0;

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

async function freshClient() {
  const name = `views_switch_${++databases}`;
  await postgres!.createDatabase(name);
  const client = new pg.Client({ connectionString: postgres!.urlFor(name) });
  await client.connect();
  return client;
}

/** A deployment in `schema` that has indexed up to `block`, with an `orders` table saying which deployment it is. */
async function deployment(
  client: pg.Client,
  schema: string,
  { block, ready = true, tables = ["orders"] }: { block: number; ready?: boolean; tables?: string[] },
) {
  const s = pg.escapeIdentifier(schema);
  await client.query(`CREATE SCHEMA ${s}`);
  await client.query(`CREATE TABLE ${s}._ponder_meta (key TEXT PRIMARY KEY, value JSONB NOT NULL)`);
  await client.query(
    `CREATE TABLE ${s}._ponder_checkpoint (chain_name TEXT PRIMARY KEY, chain_id BIGINT NOT NULL, safe_checkpoint VARCHAR(75) NOT NULL,
       latest_checkpoint VARCHAR(75) NOT NULL, finalized_checkpoint VARCHAR(75) NOT NULL)`,
  );
  for (const table of tables) {
    await client.query(`CREATE TABLE ${s}.${pg.escapeIdentifier(table)} (id INT PRIMARY KEY, deployment TEXT NOT NULL)`);
    await client.query(`INSERT INTO ${s}.${pg.escapeIdentifier(table)} VALUES (1, $1)`, [schema]);
  }
  const app = {
    version: "0.16.4",
    build_id: schema,
    table_names: tables,
    view_names: [],
    is_dev: 0,
    is_locked: 1,
    is_ready: ready ? 1 : 0,
  };
  await client.query(`INSERT INTO ${s}._ponder_meta VALUES ('app', $1)`, [JSON.stringify(app)]);
  await client.query(`INSERT INTO ${s}._ponder_checkpoint VALUES ('hardhat', $1, $2, $2, $2)`, [CHAIN_ID, checkpoint(block)]);
  return {
    advance: (to: number) => client.query(`UPDATE ${s}._ponder_checkpoint SET latest_checkpoint = $1`, [checkpoint(to)]),
    ready: () => client.query(`UPDATE ${s}._ponder_meta SET value = jsonb_set(value, '{is_ready}', '1')`),
  };
}

const shown = async (client: pg.Client) =>
  (await client.query(`SELECT deployment FROM ${VIEWS}.orders`)).rows[0]?.deployment as string | undefined;

/** A fresh database whose views show deployment "a", indexed up to `block`. */
async function showingA(block: number, tables?: string[]) {
  const client = await freshClient();
  await deployment(client, "a", { block, tables });
  await switchViews(client, { schema: "a", viewsSchema: VIEWS });
  return client;
}

/** Another connection to the database of `client`: a reader of the views. */
async function readerOf(client: pg.Client) {
  const reader = new pg.Client({ connectionString: postgresUrlOf(client) });
  await reader.connect();
  return reader;
}

describe("switching the views schema to a new deployment", () => {
  it("publishes the first deployment's views when there are none yet", async () => {
    const client = await freshClient();
    await deployment(client, "first", { block: 10 });
    expect(await liveSchema(client, VIEWS)).toBeUndefined();
    expect(await switchViews(client, { schema: "first", viewsSchema: VIEWS })).toMatchObject({ switched: true, from: undefined });
    expect(await liveSchema(client, VIEWS)).toBe("first");
    expect(await shown(client)).toBe("first");
    await client.end();
  });

  it("refuses a deployment still backfilling, and one behind the live deployment, leaving the views where they were", async () => {
    const client = await showingA(100);
    const b = await deployment(client, "b", { block: 90, ready: false });

    expect(await switchViews(client, { schema: "b", viewsSchema: VIEWS })).toEqual({ switched: false, reason: "not-ready" });
    await b.ready();
    expect(await switchViews(client, { schema: "b", viewsSchema: VIEWS })).toEqual({
      switched: false,
      reason: "behind",
      lags: [{ chainId: CHAIN_ID, candidate: 90n, live: 100n }],
    });
    expect(await liveSchema(client, VIEWS)).toBe("a");
    expect(await shown(client)).toBe("a");

    await b.advance(100);
    expect(await switchViews(client, { schema: "b", viewsSchema: VIEWS })).toMatchObject({ switched: true, from: "a" });
    expect(await liveSchema(client, VIEWS)).toBe("b");
    expect(await shown(client)).toBe("b");
    await client.end();
  });

  it("gives way to a reader holding a view, changing nothing, and switches once the reader is done", async () => {
    const client = await showingA(5);
    await deployment(client, "b", { block: 5 });
    const reader = await readerOf(client);
    await reader.query("BEGIN");
    expect(await shown(reader)).toBe("a");

    expect(await switchViews(client, { schema: "b", viewsSchema: VIEWS, lockTimeoutMs: 100 })).toEqual({ switched: false, reason: "busy" });
    // The reader's transaction is unharmed and still reads the live deployment.
    expect(await shown(reader)).toBe("a");
    await reader.query("COMMIT");
    expect(await switchViews(client, { schema: "b", viewsSchema: VIEWS, lockTimeoutMs: 100 })).toMatchObject({ switched: true });
    expect(await shown(reader)).toBe("b");
    await reader.end();
    await client.end();
  });

  it("never fails a reader that queries the views while they switch, and no reader sees the old deployment after the new one", async () => {
    const client = await showingA(7);
    await deployment(client, "b", { block: 7 });
    let switching = true;
    const reads = [0, 0, 0, 0];
    const failures: string[] = [];
    const readers = reads.map(async (_, index) => {
      const reader = await readerOf(client);
      const seen: string[] = [];
      while (switching || seen.length < 20) {
        // Two views in one query, as the API's joins read them: both from the same deployment.
        const { rows } = await reader
          .query(`SELECT o.deployment AS o, c.chain_id FROM ${VIEWS}.orders o CROSS JOIN ${VIEWS}._ponder_checkpoint c`)
          .catch((error: Error) => {
            failures.push(error.message);
            return { rows: [] };
          });
        if (rows[0]) seen.push(rows[0].o);
        reads[index]++;
      }
      await reader.end();
      return seen;
    });
    // Switch under readers that are already reading.
    await waitFor(async () => reads.every((n) => n >= 5), { timeoutMs: 10_000, intervalMs: 5, what: "every reader to start" });
    let outcome = await switchViews(client, { schema: "b", viewsSchema: VIEWS });
    while (!outcome.switched) outcome = await switchViews(client, { schema: "b", viewsSchema: VIEWS });
    switching = false;
    const seen = await Promise.all(readers);
    expect(failures).toEqual([]);
    for (const sequence of seen) {
      expect(sequence[0]).toBe("a");
      const firstB = sequence.indexOf("b");
      expect(firstB).toBeGreaterThanOrEqual(0);
      expect(sequence.slice(firstB)).not.toContain("a");
    }
    await client.end();
  });

  it("drops the views of tables the new deployment no longer has, and moves Ponder's live-query trigger to it", async () => {
    const client = await showingA(3, ["orders", "retired"]);
    await deployment(client, "b", { block: 3, tables: ["orders"] });
    await switchViews(client, { schema: "b", viewsSchema: VIEWS });

    const views = await client.query("SELECT viewname FROM pg_views WHERE schemaname = $1 ORDER BY 1", [VIEWS]);
    expect(views.rows.map((r) => r.viewname)).toEqual(["_ponder_checkpoint", "_ponder_meta", "orders"]);
    const triggers = await client.query(
      `SELECT n.nspname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.tgname = $1`,
      [`${VIEWS}_live_query_notify`],
    );
    expect(triggers.rows.map((r) => r.nspname)).toEqual(["b"]);
    await client.end();
  });
});

function postgresUrlOf(client: pg.Client) {
  const { user, password, host, port, database } = client;
  return `postgres://${user}:${password}@${host}:${port}/${database}`;
}
