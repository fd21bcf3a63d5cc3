// The case-key relay (api/src/keeper/relay.ts) on a real chain, indexer and PostgreSQL: the keeper's
// account receives a disputed order's keys from a party's page and hands them on to the arbitrator
// the chain names, with no party online. Attack first: nobody but that arbitrator gets a copy, an
// undisputed order never reaches the relay, and a replaced arbitrator gets nothing.
import { randomBytes } from "node:crypto";
import { orderRoom, userRoom } from "@p2p-escrow/protocol/rooms";
import { decryptWithKey, encryptWithKey, newSymmetricKey, open, seal } from "@p2p-escrow/protocol/sealing";
import { createPublicClient, http, type LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASE_KEY_RELAYED, CaseRelay, relayKeys } from "../../api/src/keeper/relay.ts";
import { escrowAbi } from "../../contracts/generated/deployments.ts";
import { devAccounts, devPrivateKey } from "../../scripts/dev/accounts.ts";
import { writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { startKeeper } from "../../scripts/lib/stack/keeper.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { expectError } from "./bad-input.ts";
import { type IndexedStack, startIndexedStack } from "./indexed-stack.ts";
import { bindKeys, type Party, partyOf } from "./order-parties.ts";

/** The keeper's dev account (contracts/dev-accounts.ts), the relay here as under `pnpm dev`. */
const KEEPER_INDEX = devAccounts().find((a) => a.role === "keeper")!.index;
const relayAccount = privateKeyToAccount(devPrivateKey(KEEPER_INDEX));
const RELAY = relayAccount.address.toLowerCase();

let stack: IndexedStack;
let relay: CaseRelay;
let relayParty: { publicKey: string };
let buyer: Party; // alice
let seller: Party; // bob
let stranger: Party; // carol
const arbitrators = new Map<string, Party>();

beforeAll(async () => {
  stack = await startIndexedStack({ CASE_RELAY_ADDRESS: relayAccount.address });
  const { alice, bob, carol } = stack.chain;
  [buyer, seller, stranger] = await Promise.all([partyOf(stack, alice), partyOf(stack, bob), partyOf(stack, carol)]);
  for (const a of stack.chain.arbitrators) arbitrators.set(a.address.toLowerCase(), await partyOf(stack, a));
  // What the keeper does on its first round: derive the relay's keys and bind them like a user's.
  const keys = await relayKeys(stack.db, relayAccount);
  relayParty = { publicKey: (await stack.app.orderParties.keysOf(stack.chain.chainId, RELAY))!.encryptionPublicKey };
  relay = new CaseRelay({
    db: stack.db,
    client: createPublicClient({ transport: http(stack.chain.node.url) }),
    chainId: stack.chain.chainId,
    escrow: stack.chain.escrow,
    address: RELAY,
    keys,
    batch: 50,
  });
}, 180_000);
afterAll(async () => stack?.stop());

const chainId = () => stack.chain.chainId;
const conversation = (orderId: bigint) => `/conversations/${chainId()}/${orderId}`;
const evidence = (orderId: bigint) => `/evidence/${chainId()}/${orderId}`;

/** `from` seals `key` to `recipientKey` and stores it as `recipient`'s copy of the conversation key. */
const wrapKey = (from: Party, orderId: bigint, recipient: string, recipientKey: string, key: Uint8Array) =>
  stack.app.inject({
    method: "PUT",
    url: `${conversation(orderId)}/keys`,
    headers: from.headers,
    payload: { recipient, envelope: seal(key, recipientKey, from.keys.encryption) },
  });

/** A multipart upload of `plaintext` encrypted under a fresh key wrapped for `recipients`. */
async function uploadEvidence(from: Party, orderId: bigint, plaintext: Uint8Array, recipients: { address: string; key: string }[]) {
  const fileKey = newSymmetricKey();
  const { nonce, ciphertext } = encryptWithKey(plaintext, fileKey);
  const keys = recipients.map((r) => ({ recipient: r.address, envelope: seal(fileKey, r.key, from.keys.encryption) }));
  const form = new FormData();
  form.append("nonce", nonce);
  form.append("keys", JSON.stringify(keys));
  form.append("file", new Blob([new Uint8Array(ciphertext)]), "evidence.bin");
  const request = new Request("http://x", { method: "POST", body: form });
  const response = await stack.app.inject({
    method: "POST",
    url: evidence(orderId),
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { ...from.headers, "content-type": request.headers.get("content-type")! },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { ...(response.json().data as { cid: string; uri: string }), fileKey };
}

const partyKey = (p: Party) => ({ address: p.address, key: p.publicKeys.encryptionPublicKey });
const relayKey = () => ({ address: RELAY, key: relayParty.publicKey });

/**
 * What a party's page does when the order is disputed and no arbitrator is drawn yet: starts the
 * conversation (buyer, seller and the relay), uploads evidence sealed to both parties and the relay,
 * and points at it on chain. Then the party goes offline.
 */
async function disputedCase(text = "the goods never arrived") {
  const orderId = await stack.chain.createOrder(buyer.actor, seller.actor, 12n);
  await stack.chain.openDispute(orderId, buyer.actor);
  await stack.synced();
  const key = newSymmetricKey();
  for (const p of [buyer, seller])
    expect((await wrapKey(buyer, orderId, p.address, p.publicKeys.encryptionPublicKey, key)).statusCode).toBe(201);
  expect((await wrapKey(buyer, orderId, RELAY, relayParty.publicKey, key)).statusCode).toBe(201);
  const file = await uploadEvidence(buyer, orderId, new TextEncoder().encode(text), [partyKey(buyer), partyKey(seller), relayKey()]);
  await buyer.actor.escrow("submitEvidence", [orderId, file.uri]);
  return { orderId, key, file };
}

/** The other side deposits and an arbitrator is drawn; the indexer has caught up. */
async function draw(orderId: bigint): Promise<Party> {
  await stack.chain.payDisputeFee(orderId);
  const drawn = await stack.chain.drawFor(orderId);
  await stack.synced();
  return arbitrators.get(drawn.address.toLowerCase())!;
}

/** What `reader` can open of the case: the conversation key and the evidence text. */
async function readCase(reader: Party, orderId: bigint) {
  const keyResponse = await stack.app.inject({ method: "GET", url: `${conversation(orderId)}/keys/me`, headers: reader.headers });
  expect(keyResponse.statusCode, keyResponse.body).toBe(200);
  const wrapped = keyResponse.json().data;
  const key = wrapped ? open(wrapped.envelope, reader.keys.encryption) : null;
  const list = await stack.app.inject({ method: "GET", url: evidence(orderId), headers: reader.headers });
  expect(list.statusCode, list.body).toBe(200);
  const texts: (string | null)[] = [];
  for (const item of list.json().data.evidence) {
    const fileKey = item.key ? open(item.key.envelope, reader.keys.encryption) : null;
    if (!fileKey) {
      texts.push(null);
      continue;
    }
    const content = await stack.app.inject({
      method: "GET",
      url: `${evidence(orderId)}/${item.file.cid}/content`,
      headers: reader.headers,
    });
    const plain = decryptWithKey(content.rawPayload, item.file.nonce, fileKey);
    texts.push(plain ? new TextDecoder().decode(plain) : null);
  }
  return { key, texts };
}

const conversationCopies = async (orderId: bigint) =>
  (
    await stack.db
      .selectFrom("conversation_keys")
      .select("recipient")
      .where("chain_id", "=", chainId())
      .where("order_id", "=", String(orderId))
      .orderBy("recipient")
      .execute()
  ).map((r) => r.recipient);

async function unbindKeys(p: Party) {
  await stack.db
    .updateTable("profiles")
    .set({ encryption_public_key: null, signing_public_key: null, key_signature: null })
    .where("address", "=", p.address)
    .execute();
}

describe("the case-key relay", () => {
  it("binds its keys like a user's, checked against its wallet's signature", async () => {
    expect(await stack.app.orderParties.keysOf(stack.chain.chainId, RELAY)).not.toBeNull();
    // A second start derives the same keys and leaves the binding as it was.
    const before = await stack.db.selectFrom("profiles").selectAll().where("address", "=", RELAY).executeTakeFirstOrThrow();
    await relayKeys(stack.db, relayAccount as LocalAccount);
    const after = await stack.db.selectFrom("profiles").selectAll().where("address", "=", RELAY).executeTakeFirstOrThrow();
    expect(after.key_signature).toBe(before.key_signature);
    expect(after.encryption_public_key).toBe(before.encryption_public_key);
  });

  it("is refused an undisputed order's keys", async () => {
    const orderId = await stack.chain.createOrder(buyer.actor, seller.actor, 11n);
    await stack.synced();
    const refused = await wrapKey(buyer, orderId, RELAY, relayParty.publicKey, newSymmetricKey());
    expectError(refused, 403, "RECIPIENT_NOT_ALLOWED");
    expect(await conversationCopies(orderId)).toEqual([]);
  });

  it("seals the chat and the evidence to the drawn arbitrator with no party online, and to nobody else", async () => {
    const { orderId, key } = await disputedCase("photo of the empty parcel");
    const arbitrator = await draw(orderId);
    // Before the relay's round the arbitrator has nothing, and asking is not an error.
    expect(await readCase(arbitrator, orderId)).toEqual({ key: null, texts: [null] });

    const since =
      (
        await stack.db
          .selectFrom("realtime_events")
          .select((eb) => eb.fn.max("id").as("max"))
          .executeTakeFirst()
      )?.max ?? 0;
    const relayed = await relay.round();
    expect(relayed.filter((r) => r.orderId === String(orderId))).toHaveLength(2);
    const read = await readCase(arbitrator, orderId);
    expect(read.key).toEqual(key);
    expect(read.texts).toEqual(["photo of the empty parcel"]);
    // Exactly the parties, the relay and the arbitrator hold a copy: no stranger, no other arbitrator.
    expect(await conversationCopies(orderId)).toEqual([buyer.address, seller.address, RELAY, arbitrator.address].sort());
    for (const outsider of [stranger, ...[...arbitrators.values()].filter((a) => a !== arbitrator)]) {
      expectError(
        await stack.app.inject({ method: "GET", url: `${conversation(orderId)}/keys/me`, headers: outsider.headers }),
        403,
        "NOT_A_PARTY",
      );
    }
    // The arbitrator's page hears of it at once, in its own room and the order's.
    const events = await stack.db
      .selectFrom("realtime_events")
      .select(["room", "kind", "payload"])
      .where("id", ">", String(since))
      .where("kind", "=", CASE_KEY_RELAYED)
      .execute();
    expect(new Set(events.map((e) => e.room))).toEqual(new Set([userRoom(arbitrator.address), orderRoom(chainId(), orderId)]));
  });

  it("takes evidence a party seals to both parties, the drawn arbitrator and the relay at once", async () => {
    const { orderId } = await disputedCase();
    const arbitrator = await draw(orderId);
    const later = await uploadEvidence(seller, orderId, new TextEncoder().encode("the tracking number"), [
      partyKey(buyer),
      partyKey(seller),
      partyKey(arbitrator),
      relayKey(),
    ]);
    await seller.actor.escrow("submitEvidence", [orderId, later.uri]);
    await stack.synced();
    expect((await readCase(arbitrator, orderId)).texts).toContain("the tracking number");
  });

  it("relays each key once: a second round, or a party's direct copy first, stores nothing more", async () => {
    const { orderId, key } = await disputedCase();
    const arbitrator = await draw(orderId);
    // The seller's page was open: it shared the conversation key directly before the relay's round.
    expect((await wrapKey(seller, orderId, arbitrator.address, arbitrator.publicKeys.encryptionPublicKey, key)).statusCode).toBe(201);
    const first = (await relay.round()).filter((r) => r.orderId === String(orderId));
    expect(first).toEqual([{ orderId: String(orderId), arbitrator: arbitrator.address, what: { cid: expect.any(String) } }]);
    expect((await relay.round()).filter((r) => r.orderId === String(orderId))).toEqual([]);
    const copy = await stack.db
      .selectFrom("conversation_keys")
      .select("wrapped_by")
      .where("order_id", "=", String(orderId))
      .where("recipient", "=", arbitrator.address)
      .executeTakeFirstOrThrow();
    expect(copy.wrapped_by).toBe(seller.address);
  });

  it("waits for an arbitrator who sets up keys late, then seals to the keys it bound", async () => {
    const { orderId, key } = await disputedCase();
    const arbitrator = await draw(orderId);
    await unbindKeys(arbitrator);
    try {
      expect((await relay.round()).filter((r) => r.orderId === String(orderId))).toEqual([]);
      await bindKeys(stack.db, arbitrator.actor.account as unknown as LocalAccount);
      expect((await relay.round()).filter((r) => r.orderId === String(orderId))).toHaveLength(2);
      expect((await readCase(arbitrator, orderId)).key).toEqual(key);
    } finally {
      await bindKeys(stack.db, arbitrator.actor.account as unknown as LocalAccount);
    }
  });

  it("gives a replaced arbitrator nothing, even while the views still name it, and the next one everything", async () => {
    const { orderId, key } = await disputedCase("the replaced arbitrator must not read this");
    const missed = await draw(orderId);
    await unbindKeys(missed); // it never set up keys, and missed its deadline
    try {
      const window = await stack.chain.client.readContract({
        address: stack.chain.escrow,
        abi: escrowAbi,
        functionName: "arbitrationWindow",
      });
      await stack.chain.passTime(BigInt(window) + 1n);
      await stack.chain.deployer.escrow("replaceArbitrator", [orderId]);
      // It sets up keys now; the relay's round runs before the indexer has seen the replacement.
      await bindKeys(stack.db, missed.actor.account as unknown as LocalAccount);
      await relay.round();
      expect(await conversationCopies(orderId)).not.toContain(missed.address);
      await stack.synced();
      await relay.round();
      expect(await conversationCopies(orderId)).not.toContain(missed.address);

      const next = arbitrators.get((await stack.chain.drawFor(orderId)).address.toLowerCase())!;
      await stack.synced();
      await relay.round();
      expect((await readCase(next, orderId)).key).toEqual(key);
      if (next !== missed) expect(await conversationCopies(orderId)).not.toContain(missed.address);
    } finally {
      await bindKeys(stack.db, missed.actor.account as unknown as LocalAccount);
    }
  });

  it("takes a file key for the relay only during a dispute, and never a second copy of one", async () => {
    const { orderId, file } = await disputedCase();
    const again = await stack.app.inject({
      method: "PUT",
      url: `${evidence(orderId)}/${file.cid}/keys`,
      headers: seller.headers,
      payload: { recipient: RELAY, envelope: seal(file.fileKey, relayParty.publicKey, seller.keys.encryption) },
    });
    expectError(again, 409, "KEY_EXISTS");
    const undisputed = await stack.chain.createOrder(buyer.actor, seller.actor, 13n);
    await stack.synced();
    const form = new FormData();
    const fileKey = newSymmetricKey();
    const { nonce, ciphertext } = encryptWithKey(randomBytes(64), fileKey);
    form.append("nonce", nonce);
    form.append(
      "keys",
      JSON.stringify(
        [partyKey(buyer), partyKey(seller), relayKey()].map((r) => ({
          recipient: r.address,
          envelope: seal(fileKey, r.key, buyer.keys.encryption),
        })),
      ),
    );
    form.append("file", new Blob([new Uint8Array(ciphertext)]), "evidence.bin");
    const request = new Request("http://x", { method: "POST", body: form });
    const refused = await stack.app.inject({
      method: "POST",
      url: evidence(undisputed),
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { ...buyer.headers, "content-type": request.headers.get("content-type")! },
    });
    expectError(refused, 400, "KEYS_RECIPIENTS");
  });

  it("runs in the keeper process: with no party online the drawn arbitrator gets the case, and the relayed keys are counted", async () => {
    const { orderId, key } = await disputedCase("read by the arbitrator while everyone is offline");
    const keeper = await startKeeper({
      baseEnv: { PATH: process.env.PATH },
      databaseUrl: stack.databaseUrl,
      rpcUrls: { [chainId()]: stack.chain.node.url },
      deploymentsFile: await writeIndexerDeployments([stack.chain]),
      privateKey: devPrivateKey(KEEPER_INDEX),
      intervalMs: 200,
    });
    try {
      // The other side deposits; the keeper itself draws once the randomness is there, then relays.
      await stack.chain.payDisputeFee(orderId);
      await stack.chain.mine(6);
      const arbitrator = await waitFor(
        async () => {
          const dispute = await stack.chain.client.readContract({
            address: stack.chain.escrow,
            abi: escrowAbi,
            functionName: "getDispute",
            args: [orderId],
          });
          return arbitrators.get(dispute.arbitrator.toLowerCase());
        },
        { timeoutMs: 60_000, what: "the keeper's draw" },
      );
      await waitFor(async () => (await conversationCopies(orderId)).includes(arbitrator.address), {
        timeoutMs: 60_000,
        what: "the relayed key",
      });
      await stack.synced();
      const read = await waitFor(
        async () => {
          const r = await readCase(arbitrator, orderId);
          return r.key && !r.texts.includes(null) ? r : undefined;
        },
        { timeoutMs: 30_000, what: "the relayed evidence key" },
      );
      expect(read).toEqual({ key, texts: ["read by the arbitrator while everyone is offline"] });
      const metrics = await (await fetch(`${keeper.url}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`p2p_keeper_relayed_keys_total\\{chain_id="${chainId()}",kind="conversation"\\} [1-9]`));
      expect(metrics).toMatch(new RegExp(`p2p_keeper_relayed_keys_total\\{chain_id="${chainId()}",kind="evidence"\\} [1-9]`));
    } finally {
      await keeper.stop();
    }
  });
});
