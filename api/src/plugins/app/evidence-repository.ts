import type { EvidenceItem } from "@p2p-escrow/protocol/schemas/evidence";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sql } from "kysely";
import { getAddress } from "viem";
import { apiShaped } from "../../db/api-shape.ts";
import type { SealedEnvelope } from "../../db/tables/api.ts";

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

/** An on-chain evidence pointer as served: addresses checksummed. */
export type EvidenceRow = Static<typeof EvidenceItem>;

export interface EvidenceRepository {
  /** Stores the file's meta and its wrapped keys together; false when the CID is known already. */
  create(file: NewEvidenceFile): Promise<boolean>;
  /** The file's size, when it was uploaded for this order. */
  find(chainId: number, orderId: string, cid: string): Promise<{ size: number } | null>;
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
    const db = apiShaped(app.db);
    app.decorate("evidenceRepository", {
      async create({ cid, chainId, orderId, uploader, size, nonce, keys }) {
        return db.transaction().execute(async (trx) => {
          const file = await trx
            .insertInto("evidence_files")
            .values({ cid, chainId, orderId, uploader, size, nonce })
            .onConflict((oc) => oc.column("cid").doNothing())
            .returning("cid")
            .executeTakeFirst();
          if (!file) return false;
          await trx
            .insertInto("evidence_keys")
            .values(keys.map((k) => ({ cid, recipient: k.recipient, wrappedBy: uploader, envelope: JSON.stringify(k.envelope) })))
            .execute();
          return true;
        });
      },
      async find(chainId, orderId, cid) {
        return (
          (await db
            .selectFrom("evidence_files")
            .select("size")
            .where("cid", "=", cid)
            .where("chainId", "=", chainId)
            .where("orderId", "=", orderId)
            .executeTakeFirst()) ?? null
        );
      },
      async wrapKey(cid, recipient, wrappedBy, envelope) {
        const row = await db
          .insertInto("evidence_keys")
          .values({ cid, recipient, wrappedBy, envelope: JSON.stringify(envelope) })
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
              .on("f.chainId", "=", chainId)
              .on("f.orderId", "=", orderId)
              .on(sql<string>`'ipfs://' || f.cid`, "=", (eb) => eb.ref("e.uri")),
          )
          .leftJoin("evidence_keys as k", (join) => join.onRef("k.cid", "=", "f.cid").on("k.recipient", "=", reader))
          .select([
            "e.uri",
            "e.submitter",
            "e.timestamp",
            "e.blockNumber",
            "e.transactionHash",
            "e.id",
            "f.cid",
            "f.uploader",
            "f.size",
            "f.nonce",
            "f.createdAt",
            "k.wrappedBy",
            "k.envelope",
            (eb) =>
              eb
                .selectFrom("evidence_keys as r")
                .select(sql<string[]>`coalesce(array_agg(r.recipient order by r.recipient), '{}')`.as("recipients"))
                .whereRef("r.cid", "=", "f.cid")
                .as("sealedTo"),
          ])
          .where("e.chainId", "=", chainId)
          .where("e.orderId", "=", orderId)
          .orderBy("e.blockNumber", "asc")
          .orderBy("e.id", "asc")
          .execute();
        return rows.map((r) => ({
          uri: r.uri,
          submitter: getAddress(r.submitter),
          timestamp: r.timestamp,
          blockNumber: r.blockNumber,
          transactionHash: r.transactionHash,
          file: r.cid ? { cid: r.cid, uploader: getAddress(r.uploader!), size: r.size!, nonce: r.nonce!, createdAt: r.createdAt! } : null,
          key: r.wrappedBy && r.envelope ? { wrappedBy: getAddress(r.wrappedBy), envelope: r.envelope } : null,
          sealedTo: (r.sealedTo ?? []).map((a) => getAddress(a)),
        }));
      },
    } satisfies EvidenceRepository);
  },
  { name: "evidence-repository", dependencies: ["db"] },
);
