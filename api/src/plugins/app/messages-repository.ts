import { chatGenesis } from "@p2p-escrow/protocol/chat";
import type { ChatMessage, WrappedKey } from "@p2p-escrow/protocol/schemas/message";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import { getAddress, type Hex } from "viem";
import { apiShaped, type NewRow } from "../../db/api-shape.ts";
import type { Database } from "../../db/database.ts";
import type { SealedEnvelope } from "../../db/tables/api.ts";

export type NewMessage = NewRow<"messages">;

export interface ChatHead {
  seq: number;
  hash: Hex;
}

export interface MessagesRepository {
  /** The last message's seq and hash; seq 0 and the genesis hash before the first message. */
  head(chainId: number, orderId: string): Promise<ChatHead>;
  /**
   * Appends the message and runs `alongside` in the same transaction; false when its seq is taken
   * (someone else appended first), and then nothing is written.
   */
  append(message: NewMessage, alongside?: (trx: Kysely<Database>) => Promise<void>): Promise<boolean>;
  after(chainId: number, orderId: string, afterSeq: number, limit: number): Promise<Static<typeof ChatMessage>[]>;
  /** Stores the conversation key sealed to `recipient`; false when it already has one. */
  wrapKey(chainId: number, orderId: string, recipient: string, wrappedBy: string, envelope: SealedEnvelope): Promise<boolean>;
  /** The key as served: recipient and wrapper checksummed. */
  keyFor(chainId: number, orderId: string, recipient: string): Promise<Static<typeof WrappedKey> | null>;
  /** Who holds a copy of the key, checksummed. */
  keyRecipients(chainId: number, orderId: string): Promise<string[]>;
}

declare module "fastify" {
  interface FastifyInstance {
    messagesRepository: MessagesRepository;
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "23505";

export default fp(
  async function messagesRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    app.decorate("messagesRepository", {
      async head(chainId, orderId) {
        const last = await db
          .selectFrom("messages")
          .select(["seq", "hash"])
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .orderBy("seq", "desc")
          .limit(1)
          .executeTakeFirst();
        return last ? { seq: last.seq, hash: last.hash as Hex } : { seq: 0, hash: chatGenesis(chainId, BigInt(orderId)) };
      },
      async append(message, alongside) {
        // The unique (chain_id, order_id, seq) constraint settles races: of two writers that read
        // the same head, one insert wins and the other gets a conflict to retry on the new head.
        try {
          // The transaction runs on the plain instance: `alongside` writes the realtime log in its own terms.
          await app.db.transaction().execute(async (trx) => {
            await apiShaped(trx).insertInto("messages").values(message).execute();
            await alongside?.(trx);
          });
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      },
      async after(chainId, orderId, afterSeq, limit) {
        return db
          .selectFrom("messages")
          .select(["seq", "sender", "nonce", "ciphertext", "prevHash", "hash", "signature", "createdAt"])
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .where("seq", ">", afterSeq)
          .orderBy("seq", "asc")
          .limit(limit)
          .execute();
      },
      async wrapKey(chainId, orderId, recipient, wrappedBy, envelope) {
        const row = await db
          .insertInto("conversation_keys")
          .values({ chainId, orderId, recipient, wrappedBy, envelope: JSON.stringify(envelope) })
          .onConflict((oc) => oc.columns(["chainId", "orderId", "recipient"]).doNothing())
          .returning("recipient")
          .executeTakeFirst();
        return row !== undefined;
      },
      async keyFor(chainId, orderId, recipient) {
        const key = await db
          .selectFrom("conversation_keys")
          .select(["recipient", "wrappedBy", "envelope", "createdAt"])
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .where("recipient", "=", recipient)
          .executeTakeFirst();
        return key ? { ...key, recipient: getAddress(key.recipient), wrappedBy: getAddress(key.wrappedBy) } : null;
      },
      async keyRecipients(chainId, orderId) {
        const rows = await db
          .selectFrom("conversation_keys")
          .select("recipient")
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .orderBy("recipient")
          .execute();
        return rows.map((r) => getAddress(r.recipient));
      },
    } satisfies MessagesRepository);
  },
  { name: "messages-repository", dependencies: ["db"] },
);
