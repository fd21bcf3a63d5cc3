// A fetch wrapper for the API's one envelope: `{ success: true, data }` resolves to `data`;
// `{ success: false, error: { code, message, details } }` (or a non-JSON failure) throws ApiError.
import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";

/** One of the API's codes, or the client's own when the answer was not JSON or carried no code. */
export type ErrorCode = ApiErrorCode | "BAD_RESPONSE" | "HTTP_ERROR";

/** The envelope's error, as the API sends it (see @p2p-escrow/protocol/schemas/envelope). */
type ErrorEnvelope = { error?: { code?: ApiErrorCode; message?: string; details?: unknown } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** multipart/form-data instead of JSON. */
  form?: FormData;
  token?: string | null;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
}

export const withQuery = (path: string, query: RequestOptions["query"] = {}) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

export async function apiRequest<T>(baseUrl: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const response = await fetch(baseUrl + withQuery(path, options.query), {
    method: options.method ?? "GET",
    headers,
    body,
    signal: options.signal,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, "BAD_RESPONSE", `The API answered ${response.status} without JSON`);
  }
  const envelope = parsed as ({ success?: boolean; data?: T } & ErrorEnvelope) | null;
  if (response.ok && envelope?.success === true) return envelope.data as T;
  const error = envelope?.error;
  throw new ApiError(
    response.status,
    error?.code ?? "HTTP_ERROR",
    error?.message ?? `The API answered ${response.status}`,
    error?.details ?? null,
  );
}

/** The raw bytes of a binary route (evidence ciphertext). */
export async function apiBytes(baseUrl: string, path: string, token: string): Promise<Uint8Array> {
  const response = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as ErrorEnvelope | null;
    throw new ApiError(response.status, error?.error?.code ?? "HTTP_ERROR", error?.error?.message ?? `The API answered ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
