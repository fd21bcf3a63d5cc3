// JSON-RPC 2.0 as the API's JSON-RPC endpoints speak it (the ERC-7677 paymaster service): the
// standard error codes, and the error object, whose `data.code` is one of the API's error codes
// so a client matches on the same codes as everywhere else.
import type { ApiErrorCode } from "./error-codes.ts";

/** JSON-RPC 2.0's own codes, and the server-error range's one code the API uses for a refusal. */
export const JSON_RPC_ERROR_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** The request is well formed and refused: `data.code` says why. */
  refused: -32000,
  /** Too many requests: `data.retryAfterSeconds` says when to retry. */
  rateLimited: -32005,
} as const;

export type JsonRpcErrorCode = (typeof JSON_RPC_ERROR_CODES)[keyof typeof JSON_RPC_ERROR_CODES];

export interface JsonRpcError {
  code: JsonRpcErrorCode;
  message: string;
  data?: { code: ApiErrorCode } & Record<string, unknown>;
}

export type JsonRpcId = string | number | null;

export type JsonRpcResponse<T = unknown> =
  | { jsonrpc: "2.0"; id: JsonRpcId; result: T }
  | { jsonrpc: "2.0"; id: JsonRpcId; error: JsonRpcError };
