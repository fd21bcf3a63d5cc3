// Who may touch an order's delivery, conversation and evidence: its buyer and seller from the
// indexed order, and its arbitrator of record once one is drawn. Also the wallets' bound keys, read
// straight from `profiles` and re-checked against the wallet's binding signature on every read, on
// the order's chain: a contract account's binding is what its account there accepts.
import { keyBindingHash, type PublicKeys } from "@p2p-escrow/protocol/keys";
import type { ORDER_ROLES } from "@p2p-escrow/protocol/schemas/order";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Hex } from "viem";
import { apiShaped } from "../../db/api-shape.ts";
import { badRequest, conflict, forbidden, notFound } from "../../lib/api-error.ts";
import { signatureChainUnavailable } from "./wallet-signatures.ts";

export type PartyRole = (typeof ORDER_ROLES)[number];

export interface OrderParties {
  buyer: string;
  seller: string;
  /** The arbitrator of record: drawn and not replaced (kept after the ruling). */
  arbitrator: string | null;
  status: string;
  productHash: string;
  /** What the seller's on-chain confirmation committed to; null before it. */
  deliveryHash: string | null;
  /** The block of that confirmation, from which its confirmations count. */
  deliveryConfirmedBlockNumber: string | null;
}

export interface PartyAccess extends OrderParties {
  role: PartyRole;
}

export interface OrderPartiesService {
  of(chainId: number, orderId: string): Promise<OrderParties | null>;
  /** The caller's role in the order; 404 for an unknown order, 403 when its role is not `allowed`. */
  require(chainId: number, orderId: string, caller: string, allowed: readonly PartyRole[]): Promise<PartyAccess>;
  /**
   * A wallet's public keys, when it bound them with a signature valid on chain `chainId` (the
   * order's); 503 SIGNATURE_CHAIN_UNAVAILABLE when only that chain could tell and it cannot be asked.
   */
  keysOf(chainId: number, address: string): Promise<PublicKeys | null>;
  /** `keysOf`, or 409 KEYS_NOT_BOUND naming whose keys are missing. */
  requireKeys(chainId: number, address: string, whose: "caller" | "recipient"): Promise<PublicKeys>;
}

declare module "fastify" {
  interface FastifyInstance {
    orderParties: OrderPartiesService;
  }
}

export const roleOf = (parties: OrderParties, address: string): PartyRole | null => {
  const a = address.toLowerCase();
  if (a === parties.buyer) return "buyer";
  if (a === parties.seller) return "seller";
  if (parties.arbitrator !== null && a === parties.arbitrator) return "arbitrator";
  return null;
};

/** The arbitrator the conversation and evidence keys may be wrapped for: assigned, dispute open. */
export const assignedArbitrator = (parties: OrderParties): string | null => (parties.status === "Disputed" ? parties.arbitrator : null);

/**
 * The case-key relay (CASE_RELAY_ADDRESS, api/src/keeper/relay.ts) may receive an order's keys only
 * while the order is Disputed: an order that was never disputed never reaches it.
 */
export const caseRelayFor = (parties: OrderParties, relay: string | undefined): string | null =>
  parties.status === "Disputed" && relay ? relay.toLowerCase() : null;

/**
 * An envelope a party stores for someone must come from the party's own bound encryption key:
 * the recipient then knows who sealed it, and nobody can pass off another wallet's envelope.
 */
export function assertSealedBy(envelope: { senderPublicKey: string }, keys: PublicKeys) {
  if (envelope.senderPublicKey !== keys.encryptionPublicKey) {
    throw badRequest("SENDER_KEY_MISMATCH", "The envelope must be sealed with your bound encryption key");
  }
}

/** The byte length a base64 string decodes to. */
export const base64Length = (text: string) => Math.floor((text.length * 3) / 4) - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);

export default fp(
  async function orderParties(app: FastifyInstance) {
    const db = apiShaped(app.db);
    const service: OrderPartiesService = {
      async of(chainId, orderId) {
        const row = await db
          .selectFrom("orders")
          .select(["buyer", "seller", "arbitrator", "status", "productHash", "deliveryHash", "deliveryConfirmedBlockNumber"])
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .executeTakeFirst();
        if (!row) return null;
        const { buyer, seller, arbitrator } = row;
        return { ...row, buyer: buyer.toLowerCase(), seller: seller.toLowerCase(), arbitrator: arbitrator?.toLowerCase() ?? null };
      },
      async require(chainId, orderId, caller, allowed) {
        const parties = await service.of(chainId, orderId);
        if (!parties) throw notFound("ORDER_NOT_FOUND", `No order ${orderId} on chain ${chainId}`);
        const role = roleOf(parties, caller);
        if (role === null || !allowed.includes(role)) {
          throw forbidden("NOT_A_PARTY", `Only the order's ${allowed.join(" or ")} may do this`);
        }
        return { ...parties, role };
      },
      async keysOf(chainId, address) {
        const row = await db
          .selectFrom("profiles")
          .select(["encryptionPublicKey", "signingPublicKey", "keySignature"])
          .where("address", "=", address.toLowerCase())
          .executeTakeFirst();
        if (!row?.encryptionPublicKey || !row.signingPublicKey || !row.keySignature) return null;
        const keys = { encryptionPublicKey: row.encryptionPublicKey, signingPublicKey: row.signingPublicKey };
        const check = await app.walletSignatures.check(chainId, {
          address,
          hash: keyBindingHash(address, keys),
          signature: row.keySignature as Hex,
        });
        if (check.valid) return keys;
        // Not "no keys": the keys may well be bound, and saying otherwise would send the caller to bind them again.
        if (check.reason === "chain-unavailable") throw signatureChainUnavailable();
        return null;
      },
      async requireKeys(chainId, address, whose) {
        const keys = await service.keysOf(chainId, address);
        if (keys) return keys;
        throw conflict(
          "KEYS_NOT_BOUND",
          whose === "caller" ? "Bind your encryption and signing keys to your wallet first" : "The recipient has not bound its keys yet",
          { address: address.toLowerCase() },
        );
      },
    };
    app.decorate("orderParties", service);
  },
  { name: "order-parties", dependencies: ["db", "wallet-signatures"] },
);
