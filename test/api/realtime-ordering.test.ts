// Realtime publishing is ordered per room, not globally: publishes to different rooms commit side by
// side, so a later id of one room can commit before an earlier id of another. Two API processes on
// one database, clients on the one that did not publish.
import { userRoom } from "@p2p-escrow/protocol/rooms";
import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../api/src/db/database.ts";
// The decorations these tests use (their plugins are autoloaded, so app.ts does not import them).
import type {} from "../../api/src/plugins/app/realtime.ts";
import type { RealtimeEvent } from "../../api/src/services/realtime/publish.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { type AppPair, newAccount, signIn, startAppPair } from "./helper.ts";
import { RealtimeClient, realtimeUrl } from "./realtime-client.ts";

let pair: AppPair | undefined;
let a: FastifyInstance;
let b: FastifyInstance;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  pair = await startAppPair();
  ({ a, b } = pair);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  await pair?.close();
});

/** A wallet signed in on process b, its socket live in the wallet's room. */
async function listenerOnB() {
  const account = newAccount();
  const token = await signIn(a, account);
  const client = await RealtimeClient.open(realtimeUrl(b));
  clients.push(client);
  await client.auth(token);
  return { room: userRoom(account.address), token, client };
}

/** Publishes to `room` from process a in a transaction that stays open until `commit()`. */
function openPublish(room: string, n: number) {
  let commit!: () => void;
  const gate = new Promise<void>((resolve) => (commit = resolve));
  let published!: (events: RealtimeEvent[]) => void;
  const inserted = new Promise<RealtimeEvent[]>((resolve) => (published = resolve));
  const done = a.db.transaction().execute(async (trx) => {
    published(await a.realtime.publish({ rooms: [room], kind: "test.count", payload: { n } }, trx));
    await gate;
  });
  return {
    inserted,
    commit: async () => {
      commit();
      await done;
    },
  };
}

const publish = (room: string, n: number) => a.realtime.publish({ rooms: [room], kind: "test.count", payload: { n } });
const ids = (client: RealtimeClient, room: string) => client.events(room).map((m) => m.id);
const waitingOnLocks = (db: Kysely<Database>) =>
  sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`.execute(db);

describe("realtime ordering per room", () => {
  it("publishes to another room while one room's publish is still open", async () => {
    const first = await listenerOnB();
    const second = await listenerOnB();
    const open = openPublish(first.room, 1);
    const [earlier] = await open.inserted;
    // Drawn later, committed first: the open transaction holds only its own room.
    const [later] = await publish(second.room, 2);
    expect(BigInt(later!.id)).toBeGreaterThan(BigInt(earlier!.id));
    await second.client.next((m) => m.id === later!.id, "the later event");
    await open.commit();
    // A watermark shared by all rooms would have passed the earlier id already and skipped it.
    await first.client.next((m) => m.id === earlier!.id, "the earlier event, committed last");
    expect(ids(first.client, first.room)).toEqual([earlier!.id]);
    expect(ids(second.client, second.room)).toEqual([later!.id]);
  });

  it("makes a second publish to the same room wait for the first, so the room's ids commit in order", async () => {
    const { room, client } = await listenerOnB();
    const open = openPublish(room, 1);
    const [first] = await open.inserted;
    const second = publish(room, 2);
    await waitFor(async () => (await waitingOnLocks(a.db)).rows[0]!.n > 0, { intervalMs: 20, what: "the second publish to wait" });
    await open.commit();
    const [next] = await second;
    expect(BigInt(next!.id)).toBeGreaterThan(BigInt(first!.id));
    await client.next((m) => m.id === next!.id, "the second event");
    expect(ids(client, room)).toEqual([first!.id, next!.id]);
  });

  it("gives a client resuming its room elsewhere the event that committed after a later id of another room", async () => {
    const first = await listenerOnB();
    const second = await listenerOnB();
    const [seen] = await publish(first.room, 0);
    await first.client.next((m) => m.id === seen!.id);
    const open = openPublish(first.room, 1);
    const [pending] = await open.inserted;
    await publish(second.room, 2);
    await first.client.close();
    await open.commit();
    const again = await RealtimeClient.open(realtimeUrl(a));
    clients.push(again);
    await again.auth(first.token, seen!.id);
    expect(ids(again, first.room)).toEqual([pending!.id]);
  });
});
