// GET /realtime, upgraded to a WebSocket. Public at the HTTP level because browsers cannot send an
// Authorization header on a WebSocket: the session token comes as the first message (or as the
// subprotocol "bearer.<token>") and is checked there. Protocol: schemas/realtime.ts.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";

const PROTOCOL_TOKEN_PREFIX = "bearer.";

const realtime: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/",
    {
      websocket: true,
      config: { auth: "public" },
      schema: {
        tags: ["realtime"],
        security: [],
        summary: "WebSocket: live events of the wallet's room and of order rooms it joins",
        description:
          'Upgrade, then send `{ "type": "auth", "token": "<JWT>", "lastEventId"?: "<id>" }` within 5 s (or offer the subprotocols `p2p-escrow, bearer.<JWT>`). ' +
          'Join order rooms with `{ "type": "subscribe", "room": "order:<chainId>:<orderId>", "lastEventId"?: "<id>" }`. ' +
          'Events are `{ type: "event", id, room, kind, payload, createdAt }`; a reconnecting client passes its last id and first gets every later event. ' +
          "Close codes: 4400 malformed message, 4401 no/invalid/expired/revoked token (reason: the code), 4408 no auth in time, " +
          "4429 too many sockets from this address or wallet.",
      },
    },
    (socket, request) => {
      const offered = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
      const token = offered.find((p) => p.startsWith(PROTOCOL_TOKEN_PREFIX))?.slice(PROTOCOL_TOKEN_PREFIX.length) ?? null;
      app.realtime.attach(socket, token || null, request.ip);
    },
  );
};

export default realtime;
