import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sql } from "kysely";
import { generateSiweNonce } from "viem/siwe";
import { apiShaped } from "../../db/api-shape.ts";

const NONCE_TTL_MS = 5 * 60_000;
/** Unused nonces are deleted within this long of expiring: each request for one writes a row. */
const SWEEP_INTERVAL_MS = 60_000;

/** Whether a session may be used: `live`, or signed out, past its end, or unknown. */
export type SessionState = "live" | "revoked" | "expired" | "unknown";

export interface AuthRepository {
  /** A fresh single-use nonce, valid for five minutes. */
  issueNonce(): Promise<{ nonce: string; expiresAt: Date }>;
  /** Marks the nonce used; false when it is unknown, expired or already used. Atomic. */
  consumeNonce(nonce: string): Promise<boolean>;
  createSession(address: string, chainId: number, expiresAt: Date): Promise<string>;
  /** `live` while the session exists, was not revoked and has not reached its end. */
  sessionState(jti: string): Promise<SessionState>;
  revokeSession(jti: string): Promise<void>;
  /** Deletes expired nonces, used or not, and sessions a day past their end; runs every minute. */
  sweep(): Promise<void>;
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
      async sessionState(jti) {
        const row = await db
          .selectFrom("sessions")
          .select(["revokedAt", sql<boolean>`expires_at <= now()`.as("ended")])
          .where("jti", "=", jti)
          .executeTakeFirst();
        if (!row) return "unknown";
        return row.revokedAt !== null ? "revoked" : row.ended ? "expired" : "live";
      },
      async revokeSession(jti) {
        await db.updateTable("sessions").set({ revokedAt: sql`now()` }).where("jti", "=", jti).where("revokedAt", "is", null).execute();
      },
      // Spent and expired nonces, and sessions past their expiry, are only clutter.
      async sweep() {
        await db.deleteFrom("auth_nonces").where("expiresAt", "<", sql<string>`now()`).execute();
        await db.deleteFrom("sessions").where("expiresAt", "<", sql<string>`now() - interval '1 day'`).execute();
      },
    };
    app.decorate("authRepository", repository);

    const timer = setInterval(() => repository.sweep().catch((err) => app.log.warn({ err }, "auth sweep failed")), SWEEP_INTERVAL_MS);
    timer.unref();
    app.addHook("onClose", async () => clearInterval(timer));
  },
  { name: "auth-repository", dependencies: ["db"] },
);
