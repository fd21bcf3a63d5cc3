// Several API processes on one database: events published on one reach sockets on another, a
// client that reconnects elsewhere gets exactly what it missed, and one process leads the watcher.
import { userRoom } from "@p2p-escrow/protocol/rooms";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../api/src/app.ts";
// The decorations these tests use (their plugins are autoloaded, so app.ts does not import them).
import type {} from "../../api/src/plugins/app/indexer-watcher.ts";
import type {} from "../../api/src/plugins/app/realtime.ts";
import { LISTENER_APPLICATION_NAME } from "../../api/src/services/realtime/listener.ts";
import type { RealtimeEvent } from "../../api/src/services/realtime/publish.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { type AppPair, newAccount, signIn, startAppPair } from "./helper.ts";
import { RealtimeClient, realtimeUrl } from "./realtime-client.ts";

let pair: AppPair | undefined;
let a: FastifyInstance;
let b: FastifyInstance;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  // A process that does not lead the watcher tries to take over quickly.
  pair = await startAppPair({ INDEXER_WATCHER_ELECTION_MS: "200" });
  ({ a, b } = pair);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  await pair?.close();
});

async function connect(app: FastifyInstance, token: string, lastEventId?: string) {
  const client = await RealtimeClient.open(realtimeUrl(app));
  clients.push(client);
  await client.auth(token, lastEventId);
  return client;
}

async function wallet() {
  const account = newAccount();
  return { room: userRoom(account.address), token: await signIn(a, account) };
}

const publish = (app: FastifyInstance, room: string, n: number) =>
  app.realtime.publish({ rooms: [room], kind: "test.count", payload: { n } });
const ids = (client: RealtimeClient, room: string) => client.events(room).map((m) => m.id);

describe("fan-out across API processes", () => {
  it("delivers an event published on one process to a socket on the other", async () => {
    const { room, token } = await wallet();
    const onB = await connect(b, token);
    const [event] = await publish(a, room, 1);
    const received = await onB.next((m) => m.type === "event");
    expect(received).toMatchObject({ id: event!.id, room, kind: "test.count", payload: { n: 1 } });
  });

  it("gives a client that reconnects elsewhere with its last event id exactly the events it missed, then live ones", async () => {
    const { room, token } = await wallet();
    const first = await connect(a, token);
    const seen = await publish(a, room, 1);
    await first.next((m) => m.id === seen[0]!.id);
    await first.close();

    const missed: RealtimeEvent[] = [];
    for (let n = 2; n <= 4; n++) missed.push(...(await publish(a, room, n)));
    const second = await connect(b, token, seen[0]!.id);
    expect(ids(second, room)).toEqual(missed.map((e) => e.id));
    expect(second.messages.find((m) => m.type === "subscribed")).toMatchObject({ replayed: 3 });

    const [live] = await publish(a, room, 5);
    await second.next((m) => m.id === live!.id);
    expect(ids(second, room)).toEqual([...missed, live!].map((e) => e.id));
  });

  it("loses and repeats nothing when events keep coming while a client catches up", async () => {
    const { room, token } = await wallet();
    const [start] = await publish(a, room, 0);
    let publishing = true;
    let n = 0;
    const publisher = (async () => {
      while (publishing) await publish(n % 2 === 0 ? a : b, room, ++n);
    })();
    await waitFor(async () => n >= 20, { what: "a few events to be published" });
    const client = await connect(b, token, start!.id);
    await waitFor(async () => n >= 60, { what: "more events to be published" });
    publishing = false;
    await publisher;
    const all = await a.db
      .selectFrom("realtime_events")
      .select("id")
      .where("room", "=", room)
      .where("id", ">", start!.id)
      .orderBy("id")
      .execute();
    await client.next((m) => m.id === String(all.at(-1)!.id), "the last event");
    expect(ids(client, room)).toEqual(all.map((r) => String(r.id)));
  });

  it("replays what was published while its LISTEN connection was down", async () => {
    const { room, token } = await wallet();
    const onB = await connect(b, token);
    const listeners = sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME}`;
    const old = (await listeners.execute(a.db)).rows.map((r) => r.pid);
    expect(old).toHaveLength(2);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where pid = any(${old})`.execute(a.db);
    // Published once the old connections are gone, so only the catch-up after reconnecting can deliver them.
    await waitFor(async () => (await listeners.execute(a.db)).rows.every((r) => !old.includes(r.pid)), {
      intervalMs: 10,
      what: "the listeners to drop",
    });
    const published: RealtimeEvent[] = [];
    for (let n = 1; n <= 3; n++) published.push(...(await publish(a, room, n)));
    await onB.next((m) => m.id === published.at(-1)!.id, "the events published while the listeners were down");
    expect(ids(onB, room)).toEqual(published.map((e) => e.id));
  });
});

describe("a process that has just started", () => {
  it("says a socket is subscribed only once it listens, so the first event after that arrives", async () => {
    const { room, token } = await wallet();
    // Holding the log locked keeps the new process's listener from reading where the log stands.
    const lock = await a.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`lock table api.realtime_events in access exclusive mode`.execute(conn);
      const release = async () => void (await sql`commit`.execute(conn));
      const fresh = await buildApp(a.config);
      try {
        await fresh.listen({ port: 0, host: "127.0.0.1" });
        const client = await RealtimeClient.open(realtimeUrl(fresh));
        clients.push(client);
        client.send({ type: "auth", token });
        await client.next((m) => m.type === "authenticated");
        await waitFor(
          async () =>
            (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`.execute(a.db))
              .rows[0]!.n > 0,
          { what: "the listener to wait for the log" },
        );
        expect(client.messages.some((m) => m.type === "subscribed")).toBe(false);
        await release();
        await client.next((m) => m.type === "subscribed" && m.room === room);
        const [event] = await publish(a, room, 1);
        await client.next((m) => m.id === event!.id, "the first event");
        return fresh;
      } catch (error) {
        await release().catch(() => {});
        await fresh.close();
        throw error;
      }
    });
    await lock.close();
  });
});

describe("the indexer watcher", () => {
  it("runs in exactly one process, and another takes over when it stops", async () => {
    await waitFor(async () => a.indexerWatcher.leading() || b.indexerWatcher.leading(), { what: "a leader" });
    expect(a.indexerWatcher.leading() && b.indexerWatcher.leading()).toBe(false);
    const [leader, follower] = a.indexerWatcher.leading() ? [a, b] : [b, a];
    await leader.close();
    await waitFor(async () => follower.indexerWatcher.leading(), { what: "the other process to take over" });
  });
});
