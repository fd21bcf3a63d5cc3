import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export default fp(
  async (app: FastifyInstance) => {
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  },
  { name: "websocket" },
);
