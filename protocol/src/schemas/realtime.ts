// The WebSocket protocol of GET /realtime (JSON text frames).
//
// Client → server
//   { type: "auth", token, lastEventId? }            first message, within the auth timeout (or
//                                                    offer the subprotocols ["p2p-escrow", "bearer.<token>"])
//   { type: "subscribe", room, lastEventId? }        room: order:<chainId>:<orderId>, as buyer, seller or arbitrator
//   { type: "unsubscribe", room }
//   { type: "ping" }
// Server → client
//   { type: "authenticated", address, room }         then the user room's missed events, then { type: "subscribed" }
//   { type: "subscribed", room, replayed }           the room's missed events were sent; live ones follow
//   { type: "unsubscribed", room }
//   { type: "event", id, room, kind, payload, createdAt }
//   { type: "error", code, message, room? }          a refused request; the socket stays open
//   { type: "pong" }
// Ids are decimal strings, increasing in publication order. Pass the last one seen as
// `lastEventId` to receive every later event of that room first, with no gap and no repeat.
import { Type } from "@sinclair/typebox";
import { DateTime, decimalsUpTo, MAX_BIGINT_ID } from "./common.ts";

/** An event id: a bigint row id, or 0 for "from the start". Past the range it names no event. */
export const EventId = Type.Union([
  Type.String({ pattern: decimalsUpTo(MAX_BIGINT_ID), maxLength: 19 }),
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
]);
const RoomName = Type.String({ minLength: 1, maxLength: 100 });

export const AuthMessage = Type.Object(
  { type: Type.Literal("auth"), token: Type.String({ minLength: 1, maxLength: 4096 }), lastEventId: Type.Optional(EventId) },
  { additionalProperties: false },
);
export const SubscribeMessage = Type.Object(
  { type: Type.Literal("subscribe"), room: RoomName, lastEventId: Type.Optional(EventId) },
  { additionalProperties: false },
);
export const UnsubscribeMessage = Type.Object({ type: Type.Literal("unsubscribe"), room: RoomName }, { additionalProperties: false });
export const PingMessage = Type.Object({ type: Type.Literal("ping") }, { additionalProperties: false });

export const ServerEvent = Type.Object({
  type: Type.Literal("event"),
  id: Type.String(),
  room: Type.String(),
  kind: Type.String({ examples: ["order.updated", "message.created", "dispute.arbitrator_assigned", "reminder.due"] }),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: DateTime,
});

/** Close codes (4000–4999 are the application's). The close reason carries the error code. */
export const CloseCode = {
  /** A malformed or unexpected message before authentication. */
  BAD_MESSAGE: 4400,
  /** No token, or a token that is invalid, expired or revoked (reason: the code). */
  UNAUTHENTICATED: 4401,
  /** No auth message within the timeout. */
  AUTH_TIMEOUT: 4408,
  /** The client's address or wallet has as many sockets open as the server takes (reason: TOO_MANY_CONNECTIONS). */
  TOO_MANY_CONNECTIONS: 4429,
  /** The server is shutting down; reconnect with the last event id. */
  GOING_AWAY: 1001,
} as const;
