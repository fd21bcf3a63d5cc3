// GET /realtime against the real stack: a Hardhat node, the indexer and the API listening on a port,
// with clients speaking the protocol over real WebSockets.
import { orderRoom, userRoom } from "@p2p-escrow/protocol/rooms";
import type { PrivateKeyAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The decorations these tests use (their plugins are autoloaded, so app.ts does not import them).
import type {} from "../../../api/src/plugins/app/indexer-watcher.ts";
import type {} from "../../../api/src/plugins/app/realtime.ts";
import { waitFor } from "../../../scripts/lib/wait-for.ts";
import { expiredToken } from "../bad-input.ts";
import { bearer, newAccount, signIn } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";
import { RealtimeClient, realtimeUrl } from "../realtime-client.ts";

let stack: IndexedStack;
let url: string;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  stack = await startIndexedStack();
  await stack.app.listen({ port: 0, host: "127.0.0.1" });
  url = realtimeUrl(stack.app);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  await stack?.stop();
});

type Actor = { account: unknown; address: `0x${string}` };
const tokenOf = (actor: Actor | PrivateKeyAccount) => signIn(stack.app, ("account" in actor ? actor.account : actor) as PrivateKeyAccount);

async function connect(protocols?: string[]) {
  const client = await RealtimeClient.open(url, protocols);
  clients.push(client);
  return client;
}

async function signedIn(actor: Actor | PrivateKeyAccount) {
  const client = await connect();
  await client.auth(await tokenOf(actor));
  return client;
}

const notificationsOf = (address: string) =>
  stack.db.selectFrom("notifications").selectAll().where("recipient", "=", address.toLowerCase()).orderBy("id").execute();

describe("realtime connection", () => {
  it("signs in with the first message, joins the wallet's room and delivers its events with their ids", async () => {
    const account = newAccount();
    const client = await signedIn(account);
    expect(client.messages[0]).toEqual({ type: "authenticated", address: account.address.toLowerCase(), room: userRoom(account.address) });
    const [published] = await stack.app.realtime.publish({ rooms: [userRoom(account.address)], kind: "test.ping", payload: { n: 1 } });
    const event = await client.next((m) => m.type === "event");
    expect(event).toEqual({
      type: "event",
      id: published!.id,
      room: userRoom(account.address),
      kind: "test.ping",
      payload: { n: 1 },
      createdAt: expect.any(String),
    });
  });

  it("accepts the token as a subprotocol instead", async () => {
    const account = newAccount();
    const client = await connect(["p2p-escrow", `bearer.${await tokenOf(account)}`]);
    expect(client.ws.protocol).toBe("p2p-escrow");
    await client.next((m) => m.type === "subscribed" && m.room === userRoom(account.address));
  });

  it("publishes an event with a dedupe key once, however often it is published", async () => {
    const account = newAccount();
    const client = await signedIn(account);
    const event = { rooms: [userRoom(account.address)], kind: "test.once", payload: {}, dedupeKey: `once-${account.address}` };
    expect(await stack.app.realtime.publish(event)).toHaveLength(1);
    expect(await stack.app.realtime.publish(event)).toHaveLength(0);
    await client.next((m) => m.kind === "test.once");
    client.send({ type: "ping" });
    await client.next((m) => m.type === "pong");
    expect(client.events().filter((m) => m.kind === "test.once")).toHaveLength(1);
  });
});

describe("realtime rejections", () => {
  const closedWith = async (client: RealtimeClient, code: number, reason: string) => {
    expect(await client.closed).toEqual({ code, reason });
  };

  it("closes a socket whose auth message carries no token", async () => {
    const client = await connect();
    client.send({ type: "auth" });
    await closedWith(client, 4401, "UNAUTHENTICATED");
  });

  it("closes a socket that subscribes before signing in", async () => {
    const client = await connect();
    client.send({ type: "subscribe", room: "order:31337:1" });
    await closedWith(client, 4401, "UNAUTHENTICATED");
  });

  it("closes a socket whose first frame is not JSON", async () => {
    const client = await connect();
    client.send("hello");
    await closedWith(client, 4400, "BAD_MESSAGE");
  });

  it("closes a socket that never signs in, after the auth timeout", async () => {
    const client = await connect();
    await closedWith(client, 4408, "AUTH_TIMEOUT");
  });

  it("closes a socket signing in with an expired token", async () => {
    const client = await connect();
    client.send({ type: "auth", token: expiredToken(stack.config, newAccount().address) });
    await closedWith(client, 4401, "TOKEN_EXPIRED");
  });

  it("closes a socket signing in with a forged token", async () => {
    const client = await connect();
    const token = await tokenOf(newAccount());
    client.send({ type: "auth", token: `${token.slice(0, -4)}AAAA` });
    await closedWith(client, 4401, "TOKEN_INVALID");
  });

  it("closes a socket signing in with a token that was signed out", async () => {
    const token = await tokenOf(newAccount());
    await stack.app.inject({ method: "POST", url: "/auth/logout", headers: bearer(token) });
    const client = await connect();
    client.send({ type: "auth", token });
    await closedWith(client, 4401, "SESSION_REVOKED");
  });

  it("refuses a subprotocol token that was signed out", async () => {
    const token = await tokenOf(newAccount());
    await stack.app.inject({ method: "POST", url: "/auth/logout", headers: bearer(token) });
    const client = await connect(["p2p-escrow", `bearer.${token}`]);
    await closedWith(client, 4401, "SESSION_REVOKED");
  });
});

describe("order rooms", () => {
  let orderId: bigint;
  let room: string;

  beforeAll(async () => {
    orderId = await stack.chain.createOrder(stack.chain.alice, stack.chain.bob, 10n);
    room = orderRoom(stack.chain.chainId, orderId);
    await stack.synced();
  });

  it("lets the buyer and the seller join the order's room", async () => {
    for (const party of [stack.chain.alice, stack.chain.bob]) {
      const client = await signedIn(party);
      expect(await client.subscribe(room)).toEqual({ type: "subscribed", room, replayed: 0 });
    }
  });

  it("refuses someone who is not a party, another wallet's room, an unknown order and a malformed room", async () => {
    const client = await signedIn(stack.chain.carol);
    expect(await client.subscribe(room)).toMatchObject({ type: "error", code: "NOT_A_PARTY", room });
    expect(await client.subscribe(userRoom(stack.chain.alice.address))).toMatchObject({ type: "error", code: "FORBIDDEN" });
    expect(await client.subscribe(orderRoom(stack.chain.chainId, 999_999n))).toMatchObject({ type: "error", code: "ORDER_NOT_FOUND" });
    expect(await client.subscribe("order:x:1")).toMatchObject({ type: "error", code: "BAD_ROOM" });
    // The refusals left the socket open and signed in.
    client.send({ type: "ping" });
    await client.next((m) => m.type === "pong");
  });

  it("sends the order's indexed events to its room and to each party's room, and notifies the counterparty", async () => {
    const buyer = await signedIn(stack.chain.alice);
    await buyer.subscribe(room);
    await stack.chain.confirmDelivery(orderId);

    const inRoom = await buyer.next(
      (m) => m.room === room && m.payload?.event === "DeliveryConfirmed",
      "DeliveryConfirmed in the order room",
    );
    expect(inRoom).toMatchObject({
      kind: "order.updated",
      payload: { chainId: stack.chain.chainId, orderId: orderId.toString(), status: "SellerConfirmed" },
    });
    await buyer.next((m) => m.room === userRoom(stack.chain.alice.address) && m.payload?.event === "DeliveryConfirmed");

    const forBuyer = await waitFor(async () =>
      (await notificationsOf(stack.chain.alice.address)).find((n) => n.payload.event === "DeliveryConfirmed"),
    );
    expect(forBuyer).toMatchObject({ kind: "order.updated", chain_id: stack.chain.chainId, order_id: orderId.toString(), read_at: null });
    // The seller acted; it is not notified of its own step.
    expect((await notificationsOf(stack.chain.bob.address)).filter((n) => n.payload.event === "DeliveryConfirmed")).toEqual([]);
  });

  it("tells the drawn arbitrator it was assigned, and lets it join the order's room", async () => {
    const disputed = await stack.chain.createOrder(stack.chain.carol, stack.chain.dave, 13n);
    const arbitrators = await Promise.all(stack.chain.arbitrators.map(signedIn));
    const arbitrator = await stack.chain.disputeAndDraw(disputed, stack.chain.carol);
    const client = arbitrators[stack.chain.arbitrators.indexOf(arbitrator)]!;
    const assigned = await client.next(
      (m) => m.kind === "dispute.arbitrator_assigned" && m.payload?.orderId === disputed.toString(),
      "the assignment",
    );
    expect(assigned.room).toBe(userRoom(arbitrator.address));
    await stack.synced();
    expect(await client.subscribe(orderRoom(stack.chain.chainId, disputed))).toMatchObject({ type: "subscribed" });
  });

  it("publishes nothing twice when the watcher re-reads events it already handled", async () => {
    await stack.synced();
    await waitFor(
      async () =>
        (await stack.db.selectFrom("realtime_events").select("id").where("kind", "=", "dispute.arbitrator_assigned").execute()).length > 0,
    );
    const count = async () =>
      Number(
        (
          await stack.db
            .selectFrom("realtime_events")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await stack.app.indexerWatcher.pollOnce();
    const before = await count();
    // Rewind to the first block, as a reorg deeper than the re-scan window would: every event is read again.
    await stack.db
      .updateTable("cursors")
      .set({ value: JSON.stringify({ block: "0" }) })
      .execute();
    await stack.app.indexerWatcher.pollOnce();
    await stack.app.indexerWatcher.pollOnce();
    expect(await count()).toBe(before);
  });
});

describe("deadline reminders", () => {
  it("reminds the seller once before the seller window closes", async () => {
    const orderId = await stack.chain.createOrder(stack.chain.carol, stack.chain.dave, 12n);
    const seller = await signedIn(stack.chain.dave);
    await stack.chain.passTime(24n * 3600n - 3600n); // an hour of the seller's 24 left
    await stack.synced();
    const reminder = await seller.next(
      (m) => m.kind === "reminder.due" && m.payload?.orderId === orderId.toString(),
      "the reminder",
      30_000,
    );
    expect(reminder.payload).toMatchObject({ party: "seller", status: "Created", chainId: stack.chain.chainId });
    expect(reminder.payload!.secondsLeft).toBeLessThanOrEqual(3600);
    await stack.app.indexerWatcher.pollOnce();
    const stored = (await notificationsOf(stack.chain.dave.address)).filter(
      (n) => n.kind === "reminder.due" && n.order_id === orderId.toString(),
    );
    expect(stored).toHaveLength(1);
  });

  it("reminds the side that has not matched a dispute deposit before the response deadline, not the opener", async () => {
    const { chain } = stack;
    const orderId = await chain.createOrder(chain.alice, chain.bob, 20n);
    await chain.confirmDelivery(orderId);
    const seller = await signedIn(chain.bob);
    await chain.openDispute(orderId, chain.alice);
    const opened = await seller.next((m) => m.kind === "dispute.opened" && m.payload?.orderId === orderId.toString(), "the dispute");
    expect(opened.room).toBe(userRoom(chain.bob.address));
    await chain.passTime(48n * 3600n - 3600n); // an hour of the 48-hour response window left
    await stack.synced();
    const reminder = await seller.next(
      (m) => m.kind === "reminder.due" && m.payload?.orderId === orderId.toString(),
      "the deposit reminder",
      30_000,
    );
    expect(reminder.payload).toMatchObject({ party: "respondent", status: "Disputed", chainId: chain.chainId });
    expect(reminder.payload!.action).toMatch(/deposit/i);
    expect(reminder.payload!.secondsLeft).toBeLessThanOrEqual(3600);
    const toOpener = (await notificationsOf(chain.alice.address)).filter((n) => n.kind === "reminder.due" && n.order_id === orderId.toString());
    expect(toOpener).toEqual([]);
  });
});
