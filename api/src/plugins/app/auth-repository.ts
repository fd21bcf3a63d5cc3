import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sql } from "kysely";
import { generateSiweNonce } from "viem/siwe";
import { apiShaped } from "../../db/api-shape.ts";

const NONCE_TTL_MS = 5 * 60_000;
const SWEEP_INTERVAL_MS = 10 * 60_000;

export interface AuthRepository {
  /** A fresh single-use nonce, valid for five minutes. */
  issueNonce(): Promise<{ nonce: string; expiresAt: Date }>;
  /** Marks the nonce used; false when it is unknown, expired or already used. Atomic. */
  consumeNonce(nonce: string): Promise<boolean>;
  createSession(address: string, chainId: number, expiresAt: Date): Promise<string>;
  /** True while the session exists and was not revoked. */
  isSessionLive(jti: string): Promise<boolean>;
  revokeSession(jti: string): Promise<void>;
}

declare module "fastify" {
  interface FastifyInstance {
    authRepository: AuthRepository;
  }
}

export default fp(
  async function authRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    const repository: AuthRepository = {
      async issueNonce() {
        // viem's nonce: 96 random alphanumerics, far above EIP-4361's minimum of 8.
        const nonce = generateSiweNonce();
        const expiresAt = new Date(Date.now() + NONCE_TTL_MS);
        await db.insertInto("auth_nonces").values({ nonce, expiresAt }).execute();
        return { nonce, expiresAt };
      },
      async consumeNonce(nonce) {
        const row = await db
          .updateTable("auth_nonces")
          .set({ usedAt: sql`now()` })
          .where("nonce", "=", nonce)
          .where("usedAt", "is", null)
          .where("expiresAt", ">", sql<string>`now()`)
          .returning("nonce")
          .executeTakeFirst();
        return row !== undefined;
      },
      async createSession(address, chainId, expiresAt) {
        const jti = randomUUID();
        await db.insertInto("sessions").values({ jti, address, chainId, expiresAt }).execute();
        return jti;
      },
      async isSessionLive(jti) {
        const row = await db.selectFrom("sessions").select("revokedAt").where("jti", "=", jti).executeTakeFirst();
        return row !== undefined && row.revokedAt === null;
      },
      async revokeSession(jti) {
        await db.updateTable("sessions").set({ revokedAt: sql`now()` }).where("jti", "=", jti).where("revokedAt", "is", null).execute();
      },
    };
    app.decorate("authRepository", repository);

    // Spent and expired nonces, and sessions past their expiry, are only clutter.
    const sweep = async () => {
      await db.deleteFrom("auth_nonces").where("expiresAt", "<", sql<string>`now() - interval '1 hour'`).execute();
      await db.deleteFrom("sessions").where("expiresAt", "<", sql<string>`now() - interval '1 day'`).execute();
    };
    const timer = setInterval(() => sweep().catch((err) => app.log.warn({ err }, "auth sweep failed")), SWEEP_INTERVAL_MS);
    timer.unref();
    app.addHook("onClose", async () => clearInterval(timer));
  },
  { name: "auth-repository", dependencies: ["db"] },
);
