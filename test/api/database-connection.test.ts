// The API's and the keeper's database pool (api/src/db/connect.ts) when PostgreSQL ends a session:
// a restart or a failover terminates every backend, some of them held by a transaction between two
// statements. pg reports that on the client as an 'error' event, and pg's pool stops listening to a
// client while it is checked out: without a listener of our own the event is thrown and the whole
// process dies with every request it was serving (two of three API processes did, under load, in
// the resilience test).
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../api/src/db/connect.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";

let postgres: RunningPostgres;
let admin: pg.Pool;

beforeAll(async () => {
  postgres = await startPostgres();
  await postgres.createDatabase("connection");
  admin = new pg.Pool({ connectionString: postgres.urlFor("connection"), max: 1 });
}, 120_000);
afterAll(async () => {
  await admin?.end();
  await postgres?.stop();
});

/** Ends the session `pid` as a server shutdown does (FATAL 57P01, "terminating connection due to administrator command"). */
async function terminate(pid: number) {
  await admin.query("select pg_terminate_backend($1)", [pid]);
}

describe("the database pool", () => {
  it("survives PostgreSQL ending a session a transaction holds between statements: the transaction fails, the next query succeeds", async () => {
    const warnings: Error[] = [];
    const db = connectDatabase({
      connectionString: postgres.urlFor("connection"),
      viewsSchema: "views",
      max: 2,
      onConnectionError: (error) => warnings.push(error),
    });
    try {
      const transaction = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await terminate(rows[0]!.pid);
        // Between statements, as a handler awaiting something else would be: the error arrives
        // while no query runs on the client.
        await waitFor(async () => warnings.length > 0, {
          timeoutMs: 10_000,
          intervalMs: 20,
          what: "the session's end to reach the client",
        });
        await sql`select 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
      expect(warnings[0]?.message).toMatch(/terminating connection/);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});
