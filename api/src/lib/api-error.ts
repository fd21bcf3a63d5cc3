import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";

/** An error the client caused and may see: its status, a stable code and a readable message. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: ApiErrorCode;
  readonly details: unknown;

  constructor(statusCode: number, code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details ?? null;
  }
}

export const badRequest = (code: ApiErrorCode, message: string, details?: unknown) => new ApiError(400, code, message, details);
export const unauthorized = (code: ApiErrorCode, message: string, details?: unknown) => new ApiError(401, code, message, details);
export const forbidden = (code: ApiErrorCode, message: string, details?: unknown) => new ApiError(403, code, message, details);
export const notFound = (code: ApiErrorCode, message: string, details?: unknown) => new ApiError(404, code, message, details);
export const conflict = (code: ApiErrorCode, message: string, details?: unknown) => new ApiError(409, code, message, details);
