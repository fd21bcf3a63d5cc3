// Every error leaves in the envelope. Client errors keep their message; server errors are logged
// and reach the client as a bare "internal error", never with their message or stack.

import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";
import { ErrorBody } from "@p2p-escrow/protocol/schemas/envelope";
import type { FastifyError, FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../lib/api-error.ts";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../../lib/database-unavailable.ts";
import { isViewsUnpublished, VIEWS_RETRY_AFTER_SECONDS } from "../../lib/views-unpublished.ts";

const FASTIFY_CODES: Record<string, { code: ApiErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "PAYLOAD_TOO_LARGE", message: "The request body is too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: "UNSUPPORTED_MEDIA_TYPE" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "INVALID_BODY", message: "The JSON body is empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "INVALID_BODY", message: "The JSON body is malformed" },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: "INVALID_BODY", message: "Expected a multipart/form-data body" },
  FST_REQ_FILE_TOO_LARGE: { code: "PAYLOAD_TOO_LARGE", message: "The uploaded file is too large" },
  FST_FILES_LIMIT: { code: "PAYLOAD_TOO_LARGE", message: "Too many files" },
  FST_PARTS_LIMIT: { code: "PAYLOAD_TOO_LARGE", message: "Too many parts" },
  FST_FIELDS_LIMIT: { code: "PAYLOAD_TOO_LARGE", message: "Too many fields" },
};

export function errorBody(code: string, message: string, details: unknown = null) {
  return { success: false as const, error: { code, message, details } };
}

export default fp(
  async function envelope(app: FastifyInstance) {
    app.addSchema(ErrorBody);

    app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
      if (error instanceof ApiError) {
        return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details));
      }
      if ((error as FastifyError).validation) {
        const context = (error as FastifyError).validationContext ?? "body";
        const details = (error as FastifyError).validation!.map((v) => ({
          field: [context, v.instancePath.replace(/^\//, ""), (v.params as { missingProperty?: string }).missingProperty]
            .filter(Boolean)
            .join("/"),
          message: v.message ?? "is invalid",
        }));
        return reply.status(400).send(errorBody("VALIDATION_FAILED", error.message, details));
      }
      const status = error.statusCode ?? 500;
      if (status < 500) {
        // (Token failures never get here: plugins/app/authenticate.ts turns them into ApiErrors.)
        const known = error.code ? FASTIFY_CODES[error.code] : undefined;
        const code = known?.code ?? (status === 429 ? "RATE_LIMITED" : (error.code ?? "BAD_REQUEST"));
        return reply.status(status).send(errorBody(code, known?.message ?? error.message, null));
      }
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, "request failed: the database is unreachable");
        reply.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
        return reply.status(503).send(errorBody("DATABASE_UNAVAILABLE", "The database is unreachable; retry shortly"));
      }
      if (isViewsUnpublished(error)) {
        reply.header("retry-after", String(VIEWS_RETRY_AFTER_SECONDS));
        return reply.status(503).send(errorBody("NOT_READY", "The indexer has not published its data yet; retry shortly"));
      }
      request.log.error({ err: error }, "request failed");
      return reply.status(status).send(errorBody("INTERNAL", "Internal server error"));
    });

    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send(errorBody("NOT_FOUND", `No route ${request.method} ${request.url.split("?")[0]}`)),
    );
  },
  { name: "envelope" },
);
