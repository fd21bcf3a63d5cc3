import { randomBytes } from "node:crypto";
import { messageHash, signMessageHash, verifyChat } from "@p2p-escrow/protocol/chat";
import { nextChatMessage } from "@p2p-escrow/protocol/chat-message";
import { fromBase64, toBase64 } from "@p2p-escrow/protocol/encoding";
import { orderRoom, userRoom } from "@p2p-escrow/protocol/rooms";
import { decryptWithKey, encryptWithKey, newSymmetricKey, open, seal } from "@p2p-escrow/protocol/sealing";
import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { bearer } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";
import { type Party, partyOf } from "../order-parties.ts";

let stack: IndexedStack;
let buyer: Party; // alice
let seller: Party; // bob
let stranger: Party; // carol
let unbound: Party; // dave: signed in, keys never bound
const arbitrators = new Map<string, Party>();

beforeAll(async () => {
  stack = await startIndexedStack();
  const { alice, bob, carol, dave } = stack.chain;
  [buyer, seller, stranger, unbound] = await Promise.all([
    partyOf(stack, alice),
    partyOf(stack, bob),
    partyOf(stack, carol),
    partyOf(stack, dave, { bind: false }),
  ]);
  for (const a of stack.chain.arbitrators) arbitrators.set(a.address.toLowerCase(), await partyOf(stack, a));
}, 180_000);
afterAll(async () => stack?.stop());

const chainId = () => stack.chain.chainId;
const base = (orderId: bigint | string) => `/conversations/${chainId()}/${orderId}`;
const utf8 = (text: string) => new TextEncoder().encode(text);

async function newOrder(buyerParty = buyer, sellerParty = seller) {
  const orderId = await stack.chain.createOrder(buyerParty.actor, sellerParty.actor, 14n);
  await stack.synced();
  return orderId;
}

/** Disputes the order and returns the drawn arbitrator once the indexer has it. */
async function disputed(orderId: bigint, opener = buyer): Promise<Party> {
  const drawn = await stack.chain.disputeAndDraw(orderId, opener.actor);
  await stack.synced();
  return arbitrators.get(drawn.address.toLowerCase())!;
}

const wrapKey = (from: Party, orderId: bigint, recipient: Party, key: Uint8Array) =>
  stack.app.inject({
    method: "PUT",
    url: `${base(orderId)}/keys`,
    headers: from.headers,
    payload: { recipient: recipient.actor.address, envelope: seal(key, recipient.publicKeys.encryptionPublicKey, from.keys.encryption) },
  });

/** What a client does to start a conversation: a random key, wrapped for itself and the other party. */
async function startConversation(orderId: bigint, from = buyer, other = seller) {
  const key = newSymmetricKey();
  for (const recipient of [from, other]) expect((await wrapKey(from, orderId, recipient, key)).statusCode).toBe(201);
  return key;
}

/** The conversation key a party finds sealed to it. */
async function myKey(party: Party, orderId: bigint): Promise<Uint8Array> {
  const response = await stack.app.inject({ method: "GET", url: `${base(orderId)}/keys/me`, headers: party.headers });
  expect(response.statusCode, response.body).toBe(200);
  return open(response.json().data.envelope, party.keys.encryption)!;
}

type Head = { seq: number; hash: Hex };

async function headOf(party: Party, orderId: bigint): Promise<Head> {
  return (await stack.app.inject({ method: "GET", url: `${base(orderId)}/messages?limit=1`, headers: party.headers })).json().data.head;
}

/** A message as the client builds it: encrypted, chained onto `head`, signed with the bound key. */
const chained = (party: Party, orderId: bigint, key: Uint8Array, text: string, head: Head) =>
  nextChatMessage(chainId(), orderId, head, party.address, text, key, party.keys);

const post = (party: Party, orderId: bigint, body: object) =>
  stack.app.inject({ method: "POST", url: `${base(orderId)}/messages`, headers: party.headers, payload: body });

/** Sends `text`, re-chaining once onto the head a 409 reports. */
async function send(party: Party, orderId: bigint, key: Uint8Array, text: string) {
  let response = await post(party, orderId, chained(party, orderId, key, text, await headOf(party, orderId)));
  if (response.statusCode === 409)
    response = await post(party, orderId, chained(party, orderId, key, text, response.json().error.details.head));
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

/** Every message, page by page, as a client reads the conversation. */
async function readAll(party: Party, orderId: bigint, limit = 2) {
  const messages = [];
  let after = 0;
  for (;;) {
    const response = await stack.app.inject({
      method: "GET",
      url: `${base(orderId)}/messages?after=${after}&limit=${limit}`,
      headers: party.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json().data;
    messages.push(...page.messages);
    if (page.nextAfter === null) return messages;
    after = page.nextAfter;
  }
}

/** The client's check: the chain from genesis, each signature against the sender's bound key. */
function verify(orderId: bigint, messages: { sender: string }[]) {
  const keys = new Map([buyer, seller, ...arbitrators.values()].map((p) => [p.address, p.publicKeys.signingPublicKey]));
  return verifyChat(chainId(), orderId, messages as Parameters<typeof verifyChat>[2], (sender) => keys.get(sender));
}

const decrypt = (key: Uint8Array, m: { nonce: string; ciphertext: string }) =>
  new TextDecoder().decode(decryptWithKey(fromBase64(m.ciphertext), m.nonce, key)!);

const rejectedUnchanged = (request: InjectOptions, status: number, code?: string) =>
  expectRejectedUnchanged(stack.app, stack.db, ["messages", "conversation_keys"], request, status, code);

describe("conversations", () => {
  it("relays encrypted messages that the other party decrypts and verifies as an unbroken signed chain", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    const sellerKey = await myKey(seller, orderId);
    expect(toBase64(sellerKey)).toBe(toBase64(key));

    await send(buyer, orderId, key, "hi, is the licence ready?");
    await send(seller, orderId, sellerKey, "sending it now");
    await send(buyer, orderId, key, "got it, thanks");

    const messages = await readAll(seller, orderId);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(messages.map((m) => m.sender)).toEqual([buyer.address, seller.address, buyer.address]);
    expect(verify(orderId, messages)).toBeNull();
    expect(messages.map((m) => decrypt(sellerKey, m))).toEqual(["hi, is the licence ready?", "sending it now", "got it, thanks"]);
    const stored = await stack.db.selectFrom("messages").select(["ciphertext"]).where("order_id", "=", orderId.toString()).execute();
    expect(JSON.stringify(stored)).not.toContain(toBase64(utf8("sending it now")));
  });

  it("tells the other party of each message in a notification, and not the sender", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    const sent = await send(buyer, orderId, key, "anyone there?");
    const messageNotices = async (party: Party) =>
      (await stack.app.inject({ method: "GET", url: "/notifications", headers: party.headers }))
        .json()
        .data.items.filter((n: { kind: string; orderId: string }) => n.kind === "message.created" && n.orderId === orderId.toString());
    const [notice, ...more] = await messageNotices(seller);
    expect(more).toEqual([]);
    expect(notice.payload).toEqual({ chainId: chainId(), orderId: orderId.toString(), seq: 1, sender: buyer.address, hash: sent.hash });
    expect(await messageNotices(buyer)).toEqual([]);
    // Open sockets hear of it through the order's room and each party's own room.
    const rooms = await stack.db
      .selectFrom("realtime_events")
      .select("room")
      .where("kind", "=", "message.created")
      .where(sql<boolean>`payload->>'orderId' = ${orderId.toString()}`)
      .execute();
    expect(rooms.map((r) => r.room).sort()).toEqual(
      [orderRoom(chainId(), orderId), userRoom(buyer.address), userRoom(seller.address)].sort(),
    );
  });

  it("lets a client detect a message the server altered or dropped", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    for (const text of ["one", "two", "three", "four"]) await send(buyer, orderId, key, text);
    expect(verify(orderId, await readAll(buyer, orderId))).toBeNull();

    const where = (seq: number) => stack.db.updateTable("messages").where("order_id", "=", orderId.toString()).where("seq", "=", seq);
    await where(2)
      .set({ ciphertext: toBase64(encryptWithKey(utf8("TWO"), key).ciphertext) })
      .execute();
    expect(verify(orderId, await readAll(buyer, orderId))).toEqual({ seq: 2, reason: "hash" });

    await stack.db.deleteFrom("messages").where("order_id", "=", orderId.toString()).where("seq", "=", 2).execute();
    expect(verify(orderId, await readAll(buyer, orderId))).toEqual({ seq: 3, reason: "gap" });

    // Renumbering the rest to hide the gap still breaks the hash chain.
    await where(3).set({ seq: 2 }).execute();
    await where(4).set({ seq: 3 }).execute();
    expect(verify(orderId, await readAll(buyer, orderId))).toEqual({ seq: 2, reason: "prev-hash" });
  });

  it("answers a stale head with 409 and the current head, and the re-chained message is taken", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    const genesis = await headOf(buyer, orderId);
    await send(seller, orderId, key, "first");
    const stale = chained(buyer, orderId, key, "raced", genesis);
    const refused = await rejectedUnchanged(
      { method: "POST", url: `${base(orderId)}/messages`, headers: buyer.headers, payload: stale },
      409,
      "CHAIN_HEAD_MOVED",
    );
    const head = refused.json().error.details.head;
    expect(head).toEqual(await headOf(buyer, orderId));
    expect(head.seq).toBe(1);
    expect((await post(buyer, orderId, chained(buyer, orderId, key, "raced", head))).statusCode).toBe(201);
    expect(verify(orderId, await readAll(seller, orderId))).toBeNull();
  });

  it("lets exactly one of two concurrent messages on the same head through", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    for (let round = 0; round < 5; round++) {
      const head = await headOf(buyer, orderId);
      const responses = await Promise.all([
        post(buyer, orderId, chained(buyer, orderId, key, `b${round}`, head)),
        post(seller, orderId, chained(seller, orderId, key, `s${round}`, head)),
      ]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(responses.find((r) => r.statusCode === 409)!.json().error.code).toBe("CHAIN_HEAD_MOVED");
    }
    const messages = await readAll(buyer, orderId, 200);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(verify(orderId, messages)).toBeNull();
  });

  it("refuses a wrong hash, a signature not by the sender's bound key, a sender without bound keys and oversized ciphertext", async () => {
    const orderId = await newOrder(buyer, seller);
    const key = await startConversation(orderId);
    const head = await headOf(buyer, orderId);
    const request = (party: Party, payload: object): InjectOptions => ({
      method: "POST",
      url: `${base(orderId)}/messages`,
      headers: party.headers,
      payload,
    });

    const good = chained(buyer, orderId, key, "hello", head);
    await rejectedUnchanged(request(buyer, { ...good, hash: chained(buyer, orderId, key, "other", head).hash }), 400, "HASH_MISMATCH");
    // Someone else's message replayed under the buyer's name: the hash names its real sender.
    await rejectedUnchanged(request(buyer, chained(seller, orderId, key, "hello", head)), 400, "HASH_MISMATCH");
    const m = { seq: 1, sender: buyer.address, nonce: good.nonce, ciphertext: good.ciphertext, prevHash: head.hash };
    await rejectedUnchanged(
      request(buyer, { ...good, signature: signMessageHash(messageHash(chainId(), orderId, m), stranger.keys.signing.secretKey) }),
      400,
      "BAD_SIGNATURE",
    );

    const big = encryptWithKey(randomBytes(stack.config.MESSAGE_MAX_BYTES), key);
    const bigMessage = { seq: 1, sender: buyer.address, nonce: big.nonce, ciphertext: toBase64(big.ciphertext), prevHash: head.hash };
    const bigHash = messageHash(chainId(), orderId, bigMessage);
    await rejectedUnchanged(
      request(buyer, {
        seq: 1,
        nonce: big.nonce,
        ciphertext: bigMessage.ciphertext,
        prevHash: head.hash,
        hash: bigHash,
        signature: signMessageHash(bigHash, buyer.keys.signing.secretKey),
      }),
      413,
      "PAYLOAD_TOO_LARGE",
    );

    const unboundOrder = await newOrder(unbound, seller);
    const unboundHead = await headOf(seller, unboundOrder);
    await rejectedUnchanged(
      {
        method: "POST",
        url: `${base(unboundOrder)}/messages`,
        headers: unbound.headers,
        payload: chained(unbound, unboundOrder, key, "hi", unboundHead),
      },
      409,
      "KEYS_NOT_BOUND",
    );
  });

  it("stores the conversation key once per participant and only for the order's participants", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    const envelopeFor = (recipient: Party, from: Party) => seal(key, recipient.publicKeys.encryptionPublicKey, from.keys.encryption);
    const put = (from: Party, recipient: Party, envelope = envelopeFor(recipient, from)): InjectOptions => ({
      method: "PUT",
      url: `${base(orderId)}/keys`,
      headers: from.headers,
      payload: { recipient: recipient.actor.address, envelope },
    });
    await rejectedUnchanged(put(seller, buyer, envelopeFor(buyer, seller)), 409, "KEY_EXISTS");
    await rejectedUnchanged(put(buyer, stranger), 403, "RECIPIENT_NOT_ALLOWED");
    await rejectedUnchanged(put(buyer, [...arbitrators.values()][0]!), 403, "RECIPIENT_NOT_ALLOWED");

    const fresh = await newOrder();
    const freshPut = (payload: object): InjectOptions => ({ method: "PUT", url: `${base(fresh)}/keys`, headers: buyer.headers, payload });
    await rejectedUnchanged(
      freshPut({ recipient: seller.actor.address, envelope: envelopeFor(seller, stranger) }),
      400,
      "SENDER_KEY_MISMATCH",
    );
    // Nobody has sealed the key to the seller yet: an expected state, so 200 with null, not a 404 a browser logs.
    const none = await stack.app.inject({ method: "GET", url: `${base(fresh)}/keys/me`, headers: seller.headers });
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json().data).toBeNull();
  });

  it("brings the drawn arbitrator in: a key wrapped for them, the whole history readable, and their own messages", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    await send(buyer, orderId, key, "the file does not open");
    await send(seller, orderId, key, "it works for me");
    const someArbitrator = [...arbitrators.values()][0]!;
    expectError(
      await stack.app.inject({ method: "GET", url: `${base(orderId)}/messages`, headers: someArbitrator.headers }),
      403,
      "NOT_A_PARTY",
    );

    const arbitrator = await disputed(orderId);
    expect((await wrapKey(seller, orderId, arbitrator, key)).statusCode).toBe(201);
    const arbitratorKey = await myKey(arbitrator, orderId);
    const history = await readAll(arbitrator, orderId);
    expect(verify(orderId, history)).toBeNull();
    expect(history.map((m) => decrypt(arbitratorKey, m))).toEqual(["the file does not open", "it works for me"]);

    await send(arbitrator, orderId, arbitratorKey, "please both upload evidence");
    const messages = await readAll(buyer, orderId);
    expect(messages.at(-1)).toMatchObject({ seq: 3, sender: arbitrator.address });
    expect(verify(orderId, messages)).toBeNull();
    // Arbitrators receive the key; they do not hand it out.
    await rejectedUnchanged(
      {
        method: "PUT",
        url: `${base(orderId)}/keys`,
        headers: arbitrator.headers,
        payload: {
          recipient: arbitrator.actor.address,
          envelope: seal(key, arbitrator.publicKeys.encryptionPublicKey, arbitrator.keys.encryption),
        },
      },
      403,
      "NOT_A_PARTY",
    );
  });

  it("pages with after and limit, and reports the head", async () => {
    const orderId = await newOrder();
    const key = await startConversation(orderId);
    for (let i = 1; i <= 5; i++) await send(i % 2 ? buyer : seller, orderId, key, `m${i}`);
    const page = async (query: string) =>
      (await stack.app.inject({ method: "GET", url: `${base(orderId)}/messages?${query}`, headers: seller.headers })).json().data;
    const first = await page("limit=2");
    expect(first.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
    expect(first.nextAfter).toBe(2);
    expect(first.head.seq).toBe(5);
    const last = await page("after=4&limit=200");
    expect(last.messages.map((m: { seq: number }) => m.seq)).toEqual([5]);
    expect(last.nextAfter).toBeNull();
    expect((await page("after=5")).messages).toEqual([]);
  });

  describe("bad input", () => {
    let orderId: bigint;
    let key: Uint8Array;
    beforeAll(async () => {
      orderId = await newOrder();
      key = await startConversation(orderId, buyer, seller);
    });
    const envelope = () => seal(key, seller.publicKeys.encryptionPublicKey, buyer.keys.encryption);
    const message = async () => chained(buyer, orderId, key, "x", await headOf(buyer, orderId));
    const expired = () => bearer(expiredToken(stack.config, buyer.address));
    const req = (method: "GET" | "PUT" | "POST", path: string, headers: Record<string, string>, payload?: unknown): InjectOptions => ({
      method,
      url: `${base(orderId)}${path}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const oversized = (method: "PUT" | "POST", path: string): InjectOptions => ({
      method,
      url: `${base(orderId)}${path}`,
      ...oversizedJson(stack.config),
      headers: { ...buyer.headers, "content-type": "application/json" },
    });

    it.each([
      ["a missing recipient", () => req("PUT", "/keys", buyer.headers, { envelope: envelope() }), 400, "VALIDATION_FAILED"],
      [
        "a recipient of the wrong type",
        () => req("PUT", "/keys", buyer.headers, { recipient: 7, envelope: envelope() }),
        400,
        "VALIDATION_FAILED",
      ],
      ["a body over the JSON limit", () => oversized("PUT", "/keys"), 413, "PAYLOAD_TOO_LARGE"],
      ["no token", () => req("PUT", "/keys", {}, { recipient: seller.actor.address, envelope: envelope() }), 401, "UNAUTHENTICATED"],
      [
        "an expired token",
        () => req("PUT", "/keys", expired(), { recipient: seller.actor.address, envelope: envelope() }),
        401,
        "TOKEN_EXPIRED",
      ],
      [
        "a caller who is not a party",
        () => req("PUT", "/keys", stranger.headers, { recipient: stranger.actor.address, envelope: envelope() }),
        403,
        "NOT_A_PARTY",
      ],
    ] as const)("PUT keys refuses %s and stores nothing", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });

    it.each([
      [
        "a malformed order id",
        () => ({ ...req("GET", "/keys/me", buyer.headers), url: `${base("0x1")}/keys/me` }),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "an order id longer than a uint256",
        () => ({ ...req("GET", "/keys/me", buyer.headers), url: `${base("9".repeat(79))}/keys/me` }),
        400,
        "VALIDATION_FAILED",
      ],
      ["no token", () => req("GET", "/keys/me", {}), 401, "UNAUTHENTICATED"],
      ["an expired token", () => req("GET", "/keys/me", expired()), 401, "TOKEN_EXPIRED"],
      ["a caller who is not a party", () => req("GET", "/keys/me", stranger.headers), 403, "NOT_A_PARTY"],
    ] as const)("GET keys/me refuses %s", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });

    it.each([
      [
        "a missing signature",
        async () => req("POST", "/messages", buyer.headers, { ...(await message()), signature: undefined }),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "a seq of the wrong type",
        async () => req("POST", "/messages", buyer.headers, { ...(await message()), seq: "1" }),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "an unknown field",
        async () => req("POST", "/messages", buyer.headers, { ...(await message()), sender: seller.address }),
        400,
        "VALIDATION_FAILED",
      ],
      ["a body over the JSON limit", async () => oversized("POST", "/messages"), 413, "PAYLOAD_TOO_LARGE"],
      ["no token", async () => req("POST", "/messages", {}, await message()), 401, "UNAUTHENTICATED"],
      ["an expired token", async () => req("POST", "/messages", expired(), await message()), 401, "TOKEN_EXPIRED"],
      [
        "a caller who is not a party",
        async () => req("POST", "/messages", stranger.headers, chained(stranger, orderId, key, "x", await headOf(buyer, orderId))),
        403,
        "NOT_A_PARTY",
      ],
    ] as const)("POST messages refuses %s and stores nothing", async (_, request, status, code) => {
      await rejectedUnchanged(await request(), status, code);
    });

    it.each([
      ["a limit over 200", () => req("GET", "/messages?limit=201", buyer.headers), 400, "VALIDATION_FAILED"],
      ["an after of the wrong type", () => req("GET", "/messages?after=abc", buyer.headers), 400, "VALIDATION_FAILED"],
      [
        "an order id longer than a uint256",
        () => ({ ...req("GET", "/messages", buyer.headers), url: `${base("9".repeat(79))}/messages` }),
        400,
        "VALIDATION_FAILED",
      ],
      ["no token", () => req("GET", "/messages", {}), 401, "UNAUTHENTICATED"],
      ["an expired token", () => req("GET", "/messages", expired()), 401, "TOKEN_EXPIRED"],
      ["a caller who is not a party", () => req("GET", "/messages", stranger.headers), 403, "NOT_A_PARTY"],
      [
        "an unknown order",
        () => ({ ...req("GET", "/messages", buyer.headers), url: `${base(999_999n)}/messages` }),
        404,
        "ORDER_NOT_FOUND",
      ],
    ] as const)("GET messages refuses %s", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });
  });
});
