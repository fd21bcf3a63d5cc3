import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sql } from "kysely";

export interface KeyBinding {
  encryptionPublicKey: string;
  signingPublicKey: string;
  /** The wallet's EIP-191 signature of `keyBindingMessage(address, keys)`. */
  keySignature: string;
}

export interface StoredProfile {
  address: string;
  displayName: string | null;
  keys: (KeyBinding & { updatedAt: Date }) | null;
}

export interface TradeStats {
  tradesAsBuyer: number;
  tradesAsSeller: number;
  completed: number;
  disputesOpened: number;
  disputesWon: number;
  disputesLost: number;
  volume: { chainId: number; token: string; amount: string }[];
}

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

const UNDEFINED_TABLE = "42P01";

export default fp(
  async function profilesRepository(app: FastifyInstance) {
    const { db } = app;
    const upsert = (address: string, values: Record<string, unknown>) =>
      db
        .insertInto("profiles")
        .values({ address: address.toLowerCase(), ...values })
        .onConflict((oc) => oc.column("address").doUpdateSet({ ...values, updated_at: sql`now()` }))
        .execute();

    const repository: ProfilesRepository = {
      async get(address) {
        const row = await db.selectFrom("profiles").selectAll().where("address", "=", address.toLowerCase()).executeTakeFirst();
        if (!row) return null;
        const bound = row.encryption_public_key && row.signing_public_key && row.key_signature && row.keys_updated_at;
        return {
          address: row.address,
          displayName: row.display_name,
          keys: bound
            ? {
                encryptionPublicKey: row.encryption_public_key!,
                signingPublicKey: row.signing_public_key!,
                keySignature: row.key_signature!,
                updatedAt: new Date(row.keys_updated_at!),
              }
            : null,
        };
      },
      async setDisplayName(address, displayName) {
        await upsert(address, { display_name: displayName });
      },
      async setKeys(address, binding) {
        await upsert(address, {
          encryption_public_key: binding.encryptionPublicKey,
          signing_public_key: binding.signingPublicKey,
          key_signature: binding.keySignature.toLowerCase(),
          keys_updated_at: sql`now()`,
        });
      },
      async keysOf(address) {
        const keys = (await repository.get(address))?.keys;
        return keys ? { encryptionPublicKey: keys.encryptionPublicKey, signingPublicKey: keys.signingPublicKey, keySignature: keys.keySignature } : null;
      },
      async tradeStats(address) {
        let rows;
        try {
          rows = await db.selectFrom("user_stats").selectAll().where("address", "=", address.toLowerCase()).orderBy("chain_id").execute();
        } catch (error) {
          // Ponder publishes its views only once its backfill is done; until then there is no record to show.
          if ((error as { code?: string }).code === UNDEFINED_TABLE) return null;
          throw error;
        }
        const stats: TradeStats = { tradesAsBuyer: 0, tradesAsSeller: 0, completed: 0, disputesOpened: 0, disputesWon: 0, disputesLost: 0, volume: [] };
        for (const row of rows) {
          stats.tradesAsBuyer += row.trades_as_buyer;
          stats.tradesAsSeller += row.trades_as_seller;
          stats.completed += row.completed;
          stats.disputesOpened += row.disputes_opened;
          stats.disputesWon += row.disputes_won;
          stats.disputesLost += row.disputes_lost;
          for (const [token, amount] of Object.entries(row.volume ?? {})) stats.volume.push({ chainId: row.chain_id, token, amount: String(amount) });
        }
        return stats;
      },
    };
    app.decorate("profilesRepository", repository);
  },
  { name: "profiles-repository", dependencies: ["db"] },
);
