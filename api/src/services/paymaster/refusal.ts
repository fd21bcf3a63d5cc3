// What the paymaster service answers instead of a quote: a refusal with one of the API's codes (a
// JSON-RPC error whose `data.code` is that code), or params that are not an ERC-7677 request.
import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";

export class PaymasterRefusal extends Error {
  readonly code: ApiErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export class InvalidPaymasterParams extends Error {}
