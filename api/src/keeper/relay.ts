// The case-key relay: lets the arbitrator of a disputed order read the case without waiting for a
// party's open page. A party's page seals the order's conversation key, and each evidence file key,
// to the relay once the order is Disputed (never before); every round the relay opens its copies
// and seals them to the order's arbitrator of record, once that arbitrator has bound keys.
//
// Its keys are a user's keys (protocol/keys.ts): derived from the keeper wallet's signature of
// keyDerivationMessage and bound by the wallet's signature of keyBindingMessage, stored in the same
// `profiles` registry. Browsers check that binding against the relay's address from their own
// configuration (CASE_RELAY_ADDRESS), so the API server cannot slip its own key in.
//
// Trust (docs/disputes.md#who-can-read-a-dispute): the operator who runs the keeper can read the
// disputed cases whose keys it was given; undisputed orders never reach it.

import { escrowAbi, orderStatusEnum } from "@p2p-escrow/contracts/deployments";
import type { OrderStatus } from "@p2p-escrow/contracts/order-status";
import {
  deriveWalletKeys,
  keyBindingMessage,
  keyDerivationMessage,
  type PublicKeys,
  publicKeysOf,
  verifyKeyBinding,
  type WalletKeys,
} from "@p2p-escrow/protocol/keys";
import { orderRoom, userRoom } from "@p2p-escrow/protocol/rooms";
import { open, type SealedEnvelope, seal } from "@p2p-escrow/protocol/sealing";
import { type Kysely, sql } from "kysely";
import { type Hex, isAddressEqual, type LocalAccount, type PublicClient } from "viem";
import type { Database } from "../db/database.ts";
import { publishRealtime } from "../services/realtime/publish.ts";

/** The realtime event the arbitrator's page refreshes its keys on (web/src/lib/realtime/invalidate.ts). */
export const CASE_KEY_RELAYED = "case.key_relayed";

/** One key the relay handed on: the conversation's, or an evidence file's. */
export interface RelayedKey {
  orderId: string;
  arbitrator: string;
  /** `conversation`, or the evidence file's CID. */
  what: "conversation" | { cid: string };
}

/** A key the relay holds for a disputed order whose indexed arbitrator has no copy yet. */
interface Candidate {
  orderId: string;
  arbitrator: string;
  cid: string | null;
  envelope: SealedEnvelope;
}

const DISPUTED: OrderStatus = "Disputed";
/** The same status as the escrow's getOrder returns it: its index in the Solidity enum. */
const DISPUTED_STATUS = orderStatusEnum.indexOf(DISPUTED);

/** The relay's keys, derived and bound like a user's; the binding is (re)stored when it is missing or stale. */
export async function relayKeys(db: Kysely<Database>, account: LocalAccount): Promise<WalletKeys> {
  const address = account.address.toLowerCase();
  // A local account's signature is deterministic (RFC 6979): the same keys on every start.
  const keys = deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));
  const publicKeys = publicKeysOf(keys);
  const stored = await db
    .selectFrom("profiles")
    .select(["encryption_public_key", "signing_public_key", "key_signature"])
    .where("address", "=", address)
    .executeTakeFirst();
  const current =
    stored?.encryption_public_key === publicKeys.encryptionPublicKey &&
    stored.signing_public_key === publicKeys.signingPublicKey &&
    !!stored.key_signature &&
    (await verifyKeyBinding(address, publicKeys, stored.key_signature as Hex));
  if (!current) {
    const row = {
      encryption_public_key: publicKeys.encryptionPublicKey,
      signing_public_key: publicKeys.signingPublicKey,
      key_signature: await account.signMessage({ message: keyBindingMessage(account.address, publicKeys) }),
      keys_updated_at: new Date(),
    };
    await db
      .insertInto("profiles")
      .values({ address, ...row })
      .onConflict((oc) => oc.column("address").doUpdateSet(row))
      .execute();
  }
  return keys;
}

/**
 * A wallet's bound public keys when its binding signature checks out (as order-parties.ts reads
 * them): on the order's chain, through `client`, for an arbitrator that is a contract account.
 */
async function boundKeysOf(db: Kysely<Database>, client: PublicClient, address: string): Promise<PublicKeys | null> {
  const row = await db
    .selectFrom("profiles")
    .select(["encryption_public_key", "signing_public_key", "key_signature"])
    .where("address", "=", address)
    .executeTakeFirst();
  if (!row?.encryption_public_key || !row.signing_public_key || !row.key_signature) return null;
  const keys = { encryptionPublicKey: row.encryption_public_key, signingPublicKey: row.signing_public_key };
  return (await verifyKeyBinding(address, keys, row.key_signature as Hex, client)) ? keys : null;
}

export class CaseRelay {
  readonly address: string;
  readonly #db: Kysely<Database>;
  readonly #client: PublicClient;
  readonly #chainId: number;
  readonly #escrow: `0x${string}`;
  readonly #keys: WalletKeys;
  readonly #batch: number;

  constructor(options: {
    db: Kysely<Database>;
    client: PublicClient;
    chainId: number;
    escrow: `0x${string}`;
    address: string;
    keys: WalletKeys;
    batch: number;
  }) {
    this.#db = options.db;
    this.#client = options.client;
    this.#chainId = options.chainId;
    this.#escrow = options.escrow;
    this.address = options.address.toLowerCase();
    this.#keys = options.keys;
    this.#batch = options.batch;
  }

  /**
   * Seals every key the relay holds for a disputed order to that order's arbitrator when it has
   * none yet: only to the arbitrator the chain names now (the views can lag a replacement), and
   * only to a verified key binding. Returns what it stored (a key another party stored first is
   * skipped: first one wins).
   */
  async round(): Promise<RelayedKey[]> {
    const relayed: RelayedKey[] = [];
    const onChain = new Map<string, string | null>();
    for (const c of await this.#candidates()) {
      if (!onChain.has(c.orderId)) onChain.set(c.orderId, await this.#arbitratorOnChain(c.orderId));
      const arbitrator = onChain.get(c.orderId);
      if (!arbitrator || !isAddressEqual(arbitrator as Hex, c.arbitrator as Hex)) continue;
      const arbitratorKeys = await boundKeysOf(this.#db, this.#client, c.arbitrator);
      if (!arbitratorKeys) continue; // sealed on a later round, once the arbitrator has set up keys
      const key = open(c.envelope, this.#keys.encryption);
      if (!key) continue; // not sealed to the relay's current key: nothing it can hand on
      const envelope = seal(key, arbitratorKeys.encryptionPublicKey, this.#keys.encryption);
      const item: RelayedKey = { orderId: c.orderId, arbitrator: c.arbitrator, what: c.cid ? { cid: c.cid } : "conversation" };
      if (await this.#store(c, envelope)) relayed.push(item);
    }
    return relayed;
  }

  /** The relay's copies on disputed orders whose indexed arbitrator has no copy of the same key. */
  async #candidates(): Promise<Candidate[]> {
    const relay = this.address;
    const conversations = await this.#db
      .selectFrom("orders as o")
      .innerJoin("conversation_keys as k", (join) =>
        join.onRef("k.chain_id", "=", "o.chain_id").onRef("k.order_id", "=", "o.order_id").on("k.recipient", "=", relay),
      )
      .select([sql<string>`o.order_id::text`.as("orderId"), sql<string>`lower(o.arbitrator)`.as("arbitrator"), "k.envelope"])
      .where("o.chain_id", "=", this.#chainId)
      .where("o.status", "=", DISPUTED)
      .where("o.arbitrator", "is not", null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("conversation_keys as a")
              .select("a.recipient")
              .whereRef("a.chain_id", "=", "o.chain_id")
              .whereRef("a.order_id", "=", "o.order_id")
              .where("a.recipient", "=", sql<string>`lower(o.arbitrator)`),
          ),
        ),
      )
      .limit(this.#batch)
      .execute();
    const files = await this.#db
      .selectFrom("orders as o")
      .innerJoin("evidence_files as f", (join) => join.onRef("f.chain_id", "=", "o.chain_id").onRef("f.order_id", "=", "o.order_id"))
      .innerJoin("evidence_keys as k", (join) => join.onRef("k.cid", "=", "f.cid").on("k.recipient", "=", relay))
      .select([sql<string>`o.order_id::text`.as("orderId"), sql<string>`lower(o.arbitrator)`.as("arbitrator"), "f.cid", "k.envelope"])
      .where("o.chain_id", "=", this.#chainId)
      .where("o.status", "=", DISPUTED)
      .where("o.arbitrator", "is not", null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("evidence_keys as a")
              .select("a.recipient")
              .whereRef("a.cid", "=", "f.cid")
              .where("a.recipient", "=", sql<string>`lower(o.arbitrator)`),
          ),
        ),
      )
      .limit(this.#batch)
      .execute();
    return [...conversations.map((c) => ({ ...c, cid: null })), ...files];
  }

  /** The arbitrator the escrow names for the order's dispute now, while the order is Disputed; null otherwise. */
  async #arbitratorOnChain(orderId: string): Promise<string | null> {
    const id = BigInt(orderId);
    const [order, dispute] = await Promise.all([
      this.#client.readContract({ address: this.#escrow, abi: escrowAbi, functionName: "getOrder", args: [id] }),
      this.#client.readContract({ address: this.#escrow, abi: escrowAbi, functionName: "getDispute", args: [id] }),
    ]);
    if (order.status !== DISPUTED_STATUS) return null;
    return dispute.arbitrator.toLowerCase();
  }

  /** Stores the arbitrator's copy (once: a copy stored first stays) and tells the arbitrator's page. */
  async #store(c: Candidate, envelope: SealedEnvelope): Promise<boolean> {
    const chainId = this.#chainId;
    return this.#db.transaction().execute(async (trx) => {
      const values = { recipient: c.arbitrator, wrapped_by: this.address, envelope: JSON.stringify(envelope) };
      const inserted = c.cid
        ? await trx
            .insertInto("evidence_keys")
            .values({ cid: c.cid, ...values })
            .onConflict((oc) => oc.columns(["cid", "recipient"]).doNothing())
            .returning("recipient")
            .executeTakeFirst()
        : await trx
            .insertInto("conversation_keys")
            .values({ chain_id: chainId, order_id: c.orderId, ...values })
            .onConflict((oc) => oc.columns(["chain_id", "order_id", "recipient"]).doNothing())
            .returning("recipient")
            .executeTakeFirst();
      if (!inserted) return false;
      const what = c.cid ? `evidence:${c.cid}` : "conversation";
      await publishRealtime(trx, {
        rooms: [userRoom(c.arbitrator), orderRoom(chainId, c.orderId)],
        kind: CASE_KEY_RELAYED,
        payload: { chainId, orderId: c.orderId, recipient: c.arbitrator, what },
        dedupeKey: `relay:${chainId}:${c.orderId}:${what}:${c.arbitrator}`,
      });
      return true;
    });
  }
}
