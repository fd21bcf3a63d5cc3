import multipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** Multipart is for evidence uploads only: one file, a few small fields. */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(multipart, {
      limits: { fileSize: app.config.EVIDENCE_MAX_BYTES, files: 1, fields: 8, fieldSize: 64 * 1024, parts: 9 },
      throwFileSizeLimit: true,
    });
  },
  { name: "multipart" },
);
