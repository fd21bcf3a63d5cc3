import type { BoundKeys, TradeStats as TradeStatsSchema } from "@p2p-escrow/protocol/schemas/profile";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sql, type UpdateObject } from "kysely";
import { getAddress } from "viem";
import { type ApiShapedDatabase, apiShaped } from "../../db/api-shape.ts";
import { isViewsUnpublished } from "../../lib/views-unpublished.ts";

export interface KeyBinding {
  encryptionPublicKey: string;
  signingPublicKey: string;
  /** The wallet's EIP-191 signature of `keyBindingMessage(address, keys)`. */
  keySignature: string;
}

export interface StoredProfile {
  address: string;
  displayName: string | null;
  /** As served: with the binding signature, once the wallet bound its keys. */
  keys: Static<typeof BoundKeys> | null;
}

/** Volumes' tokens checksummed, as served. */
export type TradeStats = Static<typeof TradeStatsSchema>;

export interface ProfilesRepository {
  /** The stored profile, or null for a wallet that never wrote one. Addresses in any case. */
  get(address: string): Promise<StoredProfile | null>;
  setDisplayName(address: string, displayName: string): Promise<void>;
  /** Stores keys whose binding signature the caller has already verified. */
  setKeys(address: string, binding: KeyBinding): Promise<void>;
  /** The wallet's bound keys and their binding signature, or null before it bound any. */
  keysOf(address: string): Promise<KeyBinding | null>;
  /** The wallet's on-chain record summed over chains, or null while the indexer's views are absent. */
  tradeStats(address: string): Promise<TradeStats | null>;
}

declare module "fastify" {
  interface FastifyInstance {
    profilesRepository: ProfilesRepository;
  }
}

export default fp(
  async function profilesRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    const upsert = (address: string, values: UpdateObject<ApiShapedDatabase, "profiles">) =>
      db
        .insertInto("profiles")
        .values({ address: address.toLowerCase(), ...values })
        .onConflict((oc) => oc.column("address").doUpdateSet({ ...values, updatedAt: sql`now()` }))
        .execute();

    const repository: ProfilesRepository = {
      async get(address) {
        const row = await db.selectFrom("profiles").selectAll().where("address", "=", address.toLowerCase()).executeTakeFirst();
        if (!row) return null;
        const { encryptionPublicKey, signingPublicKey, keySignature, keysUpdatedAt } = row;
        return {
          address: row.address,
          displayName: row.displayName,
          keys:
            encryptionPublicKey && signingPublicKey && keySignature && keysUpdatedAt
              ? { encryptionPublicKey, signingPublicKey, signature: keySignature, updatedAt: keysUpdatedAt }
              : null,
        };
      },
      async setDisplayName(address, displayName) {
        await upsert(address, { displayName });
      },
      async setKeys(address, binding) {
        await upsert(address, {
          encryptionPublicKey: binding.encryptionPublicKey,
          signingPublicKey: binding.signingPublicKey,
          keySignature: binding.keySignature.toLowerCase(),
          keysUpdatedAt: sql`now()`,
        });
      },
      async keysOf(address) {
        const keys = (await repository.get(address))?.keys;
        return keys
          ? { encryptionPublicKey: keys.encryptionPublicKey, signingPublicKey: keys.signingPublicKey, keySignature: keys.signature }
          : null;
      },
      async tradeStats(address) {
        const readStats = () =>
          db.selectFrom("user_stats").selectAll().where("address", "=", address.toLowerCase()).orderBy("chainId").execute();
        let rows: Awaited<ReturnType<typeof readStats>>;
        try {
          rows = await readStats();
        } catch (error) {
          // Ponder publishes its views only once its backfill is done; until then there is no record to show.
          if (isViewsUnpublished(error)) return null;
          throw error;
        }
        const stats: TradeStats = {
          tradesAsBuyer: 0,
          tradesAsSeller: 0,
          completed: 0,
          disputesOpened: 0,
          disputesWon: 0,
          disputesLost: 0,
          volume: [],
        };
        for (const row of rows) {
          stats.tradesAsBuyer += row.tradesAsBuyer;
          stats.tradesAsSeller += row.tradesAsSeller;
          stats.completed += row.completed;
          stats.disputesOpened += row.disputesOpened;
          stats.disputesWon += row.disputesWon;
          stats.disputesLost += row.disputesLost;
          for (const [token, amount] of Object.entries(row.volume ?? {})) {
            stats.volume.push({ chainId: row.chainId, token: getAddress(token), amount: String(amount) });
          }
        }
        return stats;
      },
    };
    app.decorate("profilesRepository", repository);
  },
  { name: "profiles-repository", dependencies: ["db"] },
);
