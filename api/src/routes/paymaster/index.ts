// POST /paymaster: the ERC-7677 paymaster service, a JSON-RPC 2.0 endpoint wallets call through the
// `paymasterService` capability of EIP-5792 (or a bundler client's paymaster). It answers in
// JSON-RPC, not in the API's envelope, errors included: a refusal is a JSON-RPC error whose
// `data.code` is one of the API's codes, sent with status 200 as JSON-RPC clients expect.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { JSON_RPC_ERROR_CODES, type JsonRpcError, type JsonRpcId, type JsonRpcResponse } from "@p2p-escrow/protocol/json-rpc";
import { NoQuery } from "@p2p-escrow/protocol/schemas/common";
import { Type } from "@sinclair/typebox";
import type { FastifyError } from "fastify";
import { ApiError } from "../../lib/api-error.ts";
import { InvalidPaymasterParams, PaymasterRefusal } from "../../services/paymaster/refusal.ts";

const JsonRpcRequest = Type.Object(
  {
    jsonrpc: Type.Literal("2.0"),
    id: Type.Union([Type.String({ maxLength: 100 }), Type.Integer(), Type.Null()]),
    method: Type.String({ maxLength: 100 }),
    params: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 8 })),
  },
  { additionalProperties: false },
);

const JsonRpcAnswer = Type.Object({
  jsonrpc: Type.Literal("2.0"),
  id: Type.Union([Type.String(), Type.Integer(), Type.Null()]),
  result: Type.Optional(Type.Unknown()),
  error: Type.Optional(
    Type.Object({
      code: Type.Integer(),
      message: Type.String(),
      data: Type.Optional(Type.Object({ code: Type.String() }, { additionalProperties: true })),
    }),
  ),
});

/** A user operation's JSON is a few kilobytes; a batch of calls with an account's creation stays far below this. */
const BODY_LIMIT_BYTES = 64 * 1024;

const METHODS = ["pm_getPaymasterStubData", "pm_getPaymasterData"] as const;

function jsonRpcError(error: unknown): { error: JsonRpcError; logged: boolean } {
  const { refused, invalidParams, invalidRequest, parseError, rateLimited, internalError } = JSON_RPC_ERROR_CODES;
  if (error instanceof PaymasterRefusal) {
    return { error: { code: refused, message: error.message, data: { code: error.code, ...error.details } }, logged: false };
  }
  if (error instanceof InvalidPaymasterParams) {
    return { error: { code: invalidParams, message: error.message, data: { code: "VALIDATION_FAILED" } }, logged: false };
  }
  if (error instanceof ApiError && error.code === "RATE_LIMITED") {
    return {
      error: { code: rateLimited, message: error.message, data: { code: "RATE_LIMITED", ...(error.details as object) } },
      logged: false,
    };
  }
  const fastify = error as FastifyError;
  if (fastify.validation) {
    return {
      error: { code: invalidRequest, message: `Not a JSON-RPC 2.0 request: ${fastify.message}`, data: { code: "VALIDATION_FAILED" } },
      logged: false,
    };
  }
  if (fastify.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fastify.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return { error: { code: parseError, message: "The body is not JSON", data: { code: "INVALID_BODY" } }, logged: false };
  }
  if (fastify.statusCode !== undefined && fastify.statusCode < 500) {
    const code =
      fastify.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? "PAYLOAD_TOO_LARGE"
        : fastify.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? "UNSUPPORTED_MEDIA_TYPE"
          : "BAD_REQUEST";
    return { error: { code: invalidRequest, message: fastify.message, data: { code } }, logged: false };
  }
  return { error: { code: internalError, message: "Internal error", data: { code: "INTERNAL" } }, logged: true };
}

const paymaster: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app;

  app.post(
    "/",
    {
      config: { auth: "public", rateLimit: { max: config.RATE_LIMIT_PAYMASTER_PER_MINUTE, timeWindow: 60_000 } },
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        tags: ["paymaster"],
        security: [],
        summary: "ERC-7677 paymaster service: gas paid in the order's stablecoin (JSON-RPC 2.0)",
        description:
          "Methods pm_getPaymasterStubData and pm_getPaymasterData, params [userOperation, entryPoint, chainId, { token }] (docs/gas.md). " +
          "Answers in JSON-RPC with status 200, refusals included: error.code -32000 with error.data.code one of the PAYMASTER_* codes.",
        body: JsonRpcRequest,
        querystring: NoQuery,
        response: { 200: JsonRpcAnswer },
      },
      errorHandler(error, request, reply) {
        const { error: body, logged } = jsonRpcError(error);
        if (logged) request.log.error({ err: error }, "paymaster request failed");
        const id = (request.body as { id?: JsonRpcId } | undefined)?.id;
        const answer: JsonRpcResponse = { jsonrpc: "2.0", id: typeof id === "string" || typeof id === "number" ? id : null, error: body };
        return reply.status(200).send(answer);
      },
    },
    async (request): Promise<JsonRpcResponse> => {
      const { id, method, params } = request.body;
      if (!METHODS.includes(method as (typeof METHODS)[number])) {
        return {
          jsonrpc: "2.0",
          id,
          error: {
            code: JSON_RPC_ERROR_CODES.methodNotFound,
            message: `Unknown method ${method}; this endpoint serves ${METHODS.join(" and ")}`,
            data: { code: "NOT_FOUND" },
          },
        };
      }
      const service = app.paymasterQuotes;
      if (!service)
        throw new PaymasterRefusal("PAYMASTER_UNAVAILABLE", "This deployment does not pay gas in stablecoins; pay gas in the native coin");
      const result = method === "pm_getPaymasterStubData" ? await service.stubData(params) : await service.data(params);
      return { jsonrpc: "2.0", id, result };
    },
  );
};

export default paymaster;
