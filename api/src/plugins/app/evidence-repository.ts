import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sql } from "kysely";
import type { EvidenceFile, SealedEnvelope } from "../../db/tables/api.ts";

export interface WrappedFileKey {
  recipient: string;
  envelope: SealedEnvelope;
}

export interface NewEvidenceFile {
  cid: string;
  chainId: number;
  orderId: string;
  uploader: string;
  size: number;
  nonce: string;
  keys: WrappedFileKey[];
}

export interface EvidenceRow {
  uri: string;
  submitter: string;
  timestamp: string;
  blockNumber: string;
  transactionHash: string;
  file: { cid: string; uploader: string; size: number; nonce: string; createdAt: Date } | null;
  key: { wrappedBy: string; envelope: SealedEnvelope } | null;
}

export interface EvidenceRepository {
  /** Stores the file's meta and its wrapped keys together; false when the CID is known already. */
  create(file: NewEvidenceFile): Promise<boolean>;
  /** The file, when it was uploaded for this order. */
  find(chainId: number, orderId: string, cid: string): Promise<EvidenceFile | null>;
  /** Stores the file key sealed to `recipient`; false when it already has one. */
  wrapKey(cid: string, recipient: string, wrappedBy: string, envelope: SealedEnvelope): Promise<boolean>;
  /** The order's on-chain evidence pointers, oldest first, with file meta and `reader`'s key. */
  list(chainId: number, orderId: string, reader: string): Promise<EvidenceRow[]>;
}

declare module "fastify" {
  interface FastifyInstance {
    evidenceRepository: EvidenceRepository;
  }
}

export const ipfsUri = (cid: string) => `ipfs://${cid}`;

export default fp(
  async function evidenceRepository(app: FastifyInstance) {
    const { db } = app;
    app.decorate("evidenceRepository", {
      async create({ cid, chainId, orderId, uploader, size, nonce, keys }) {
        return db.transaction().execute(async (trx) => {
          const file = await trx
            .insertInto("evidence_files")
            .values({ cid, chain_id: chainId, order_id: orderId, uploader, size, nonce })
            .onConflict((oc) => oc.column("cid").doNothing())
            .returning("cid")
            .executeTakeFirst();
          if (!file) return false;
          await trx
            .insertInto("evidence_keys")
            .values(keys.map((k) => ({ cid, recipient: k.recipient, wrapped_by: uploader, envelope: JSON.stringify(k.envelope) })))
            .execute();
          return true;
        });
      },
      async find(chainId, orderId, cid) {
        return (
          (await db
            .selectFrom("evidence_files")
            .selectAll()
            .where("cid", "=", cid)
            .where("chain_id", "=", chainId)
            .where("order_id", "=", orderId)
            .executeTakeFirst()) ?? null
        );
      },
      async wrapKey(cid, recipient, wrappedBy, envelope) {
        const row = await db
          .insertInto("evidence_keys")
          .values({ cid, recipient, wrapped_by: wrappedBy, envelope: JSON.stringify(envelope) })
          .onConflict((oc) => oc.columns(["cid", "recipient"]).doNothing())
          .returning("cid")
          .executeTakeFirst();
        return row !== undefined;
      },
      async list(chainId, orderId, reader) {
        // A file counts for an order only when it was uploaded for that order, so a pointer to
        // another order's file shows no meta and no key.
        const rows = await db
          .selectFrom("evidence as e")
          .leftJoin("evidence_files as f", (join) =>
            join
              .on("f.chain_id", "=", chainId)
              .on("f.order_id", "=", orderId)
              .on(sql<string>`'ipfs://' || f.cid`, "=", (eb) => eb.ref("e.uri")),
          )
          .leftJoin("evidence_keys as k", (join) => join.onRef("k.cid", "=", "f.cid").on("k.recipient", "=", reader))
          .select([
            "e.uri",
            "e.submitter",
            "e.timestamp",
            "e.block_number",
            "e.transaction_hash",
            "e.id",
            "f.cid",
            "f.uploader",
            "f.size",
            "f.nonce",
            "f.created_at",
            "k.wrapped_by",
            "k.envelope",
          ])
          .where("e.chain_id", "=", chainId)
          .where("e.order_id", "=", orderId)
          .orderBy("e.block_number", "asc")
          .orderBy("e.id", "asc")
          .execute();
        return rows.map((r) => ({
          uri: r.uri,
          submitter: r.submitter,
          timestamp: r.timestamp,
          blockNumber: r.block_number,
          transactionHash: r.transaction_hash,
          file: r.cid ? { cid: r.cid, uploader: r.uploader!, size: r.size!, nonce: r.nonce!, createdAt: r.created_at! } : null,
          key: r.wrapped_by && r.envelope ? { wrappedBy: r.wrapped_by, envelope: r.envelope } : null,
        }));
      },
    } satisfies EvidenceRepository);
  },
  { name: "evidence-repository", dependencies: ["db"] },
);
