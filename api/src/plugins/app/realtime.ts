// Realtime events: `app.realtime.publish()` stores an event per room and NOTIFYs every API process;
// each process keeps one LISTEN connection and hands the events to its own sockets in those rooms.
import { CloseCode } from "@p2p-escrow/protocol/schemas/realtime";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type Kysely, sql } from "kysely";
import type { WebSocket } from "ws";
import type { Database } from "../../db/database.ts";
import { eventsAfter } from "../../services/realtime/events.ts";
import { RoomHub } from "../../services/realtime/hub.ts";
import { startRealtimeListener } from "../../services/realtime/listener.ts";
import { publishRealtime, type RealtimeEvent, type RealtimePublish } from "../../services/realtime/publish.ts";
import { RealtimeSession, type Refusal, type SessionDeps, type SessionUser } from "../../services/realtime/session.ts";
import { type SessionClaims, tokenRefusal } from "../external/jwt.ts";
import { sessionRefusal } from "./authenticate.ts";
import { roleOf } from "./order-parties.ts";

export type { RealtimeEvent, RealtimePublish } from "../../services/realtime/publish.ts";

const AUTH_TIMEOUT_MS = 5_000;
const MAX_ROOMS_PER_SOCKET = 50;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** How often live sockets are checked against signed-out sessions. */
const REVOCATION_SWEEP_MS = 15_000;

export interface Realtime {
  /**
   * Stores the event once per room (`user:<address>`, `order:<chainId>:<orderId>`) and notifies
   * every API process. Pass a transaction as `db` to publish on its commit (call it last there).
   * Returns the inserted events; none when `dedupeKey` was already published to those rooms.
   */
  publish(event: RealtimePublish, db?: Kysely<Database>): Promise<RealtimeEvent[]>;
  /**
   * Serves one WebSocket (the route's handler); `protocolToken` from Sec-WebSocket-Protocol, `ip`
   * the client's address. Past the per-IP or per-wallet limit the socket is closed with 4429.
   */
  attach(socket: WebSocket, protocolToken: string | null, ip: string): void;
  /** Resolves once this process LISTENs for events. */
  listening: Promise<void>;
}

declare module "fastify" {
  interface FastifyInstance {
    realtime: Realtime;
  }
}

export default fp(
  async function realtime(app: FastifyInstance) {
    const { db } = app;
    const hub = new RoomHub({ onDispatch: (event) => app.metrics.realtimeDelivered(event.createdAt) });
    const listener = startRealtimeListener({ connectionString: app.config.DATABASE_URL, db, hub, log: app.log });
    const sessions = new Set<RealtimeSession>();
    // Open sockets per client address and signed-in sockets per wallet, for the limits.
    const ipOf = new Map<RealtimeSession, string>();
    const perIp = new Map<string, number>();
    const perWallet = new Map<string, number>();
    const count = (counts: Map<string, number>, key: string, by: 1 | -1) => {
      const n = (counts.get(key) ?? 0) + by;
      if (n > 0) counts.set(key, n);
      else counts.delete(key);
    };
    const { REALTIME_MAX_SOCKETS_PER_IP, REALTIME_MAX_SOCKETS_PER_WALLET } = app.config;

    const verify = async (token: string): Promise<SessionUser | Refusal> => {
      let claims: SessionClaims & { exp: number };
      try {
        claims = app.jwt.verify<SessionClaims & { exp: number }>(token);
      } catch (err) {
        const { code, message } = tokenRefusal(err);
        return { code, message };
      }
      const refusal = sessionRefusal(await app.authRepository.sessionState(claims.jti));
      if (refusal) return { code: refusal.code, message: refusal.message };
      return { address: claims.sub.toLowerCase(), chainId: claims.chainId, jti: claims.jti, exp: claims.exp };
    };

    const deps: SessionDeps = {
      hub,
      follow: (room) => listener.follow(room),
      verify,
      admit(user) {
        if ((perWallet.get(user.address) ?? 0) >= REALTIME_MAX_SOCKETS_PER_WALLET) {
          return { code: "TOO_MANY_CONNECTIONS", message: `At most ${REALTIME_MAX_SOCKETS_PER_WALLET} sockets per wallet` };
        }
        count(perWallet, user.address, 1);
        return null;
      },
      async mayJoin(user, room) {
        if (room.kind === "user") {
          return room.address === user.address ? null : { code: "FORBIDDEN", message: "Only the wallet itself may join its room" };
        }
        const parties = await app.orderParties.of(room.chainId, room.orderId);
        if (!parties) return { code: "ORDER_NOT_FOUND", message: `No order ${room.orderId} on chain ${room.chainId}` };
        return roleOf(parties, user.address)
          ? null
          : { code: "NOT_A_PARTY", message: "Only the order's buyer, seller or arbitrator may join its room" };
      },
      eventsAfter: (room, after, limit) => eventsAfter(db, [room], after, { limit }),
      authTimeoutMs: AUTH_TIMEOUT_MS,
      maxRooms: MAX_ROOMS_PER_SOCKET,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      log: app.log,
      onClose(session) {
        sessions.delete(session);
        if (session.user) count(perWallet, session.user.address, -1);
        const ip = ipOf.get(session);
        ipOf.delete(session);
        if (ip !== undefined) count(perIp, ip, -1);
      },
    };

    // Signing out elsewhere, or the session reaching its end, closes its sockets too, within one sweep.
    const sweep = async () => {
      const jtis = [...new Set([...sessions].flatMap((s) => (s.user ? [s.user.jti] : [])))];
      if (jtis.length === 0) return;
      const live = new Set(
        (
          await db
            .selectFrom("sessions")
            .select("jti")
            .where("jti", "in", jtis)
            .where("revoked_at", "is", null)
            .where("expires_at", ">", sql<Date>`now()`)
            .execute()
        ).map((r) => r.jti),
      );
      for (const session of sessions)
        if (session.user && !live.has(session.user.jti)) session.close(CloseCode.UNAUTHENTICATED, "SESSION_REVOKED");
    };
    const sweepTimer = setInterval(
      () => sweep().catch((err) => app.log.warn({ err }, "realtime session sweep failed")),
      REVOCATION_SWEEP_MS,
    );
    sweepTimer.unref();

    app.decorate("realtime", {
      publish: (event, target = db) => publishRealtime(target, event),
      attach(socket, protocolToken, ip) {
        if ((perIp.get(ip) ?? 0) >= REALTIME_MAX_SOCKETS_PER_IP) {
          socket.close(CloseCode.TOO_MANY_CONNECTIONS, "TOO_MANY_CONNECTIONS");
          return;
        }
        count(perIp, ip, 1);
        const session = new RealtimeSession(socket, deps, protocolToken);
        ipOf.set(session, ip);
        sessions.add(session);
      },
      listening: listener.ready,
    } satisfies Realtime);

    app.addHook("preClose", async () => {
      clearInterval(sweepTimer);
      for (const session of [...sessions]) session.close(CloseCode.GOING_AWAY, "SHUTTING_DOWN");
    });
    app.addHook("onClose", async () => listener.stop());
  },
  { name: "realtime", dependencies: ["db", "jwt", "auth-repository", "order-parties", "metrics"] },
);
