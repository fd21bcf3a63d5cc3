// A minimal HTTP client for the API, signing in the way the web app does (EIP-4361 with the
// wallet's key): used by the dev seed and the API benchmark.
import { signInMessage } from "@p2p-escrow/protocol/sign-in";
import type { LocalAccount } from "viem/accounts";

export interface ApiClientOptions {
  baseUrl: string;
  /** The web app's host and origin, as the API expects them in sign-in messages. */
  siweDomain: string;
  siweUri: string;
  chainId: number;
}

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(`${status} ${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

export function apiClient(options: ApiClientOptions) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${options.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = (await response.json()) as { success: boolean; data?: T; error?: { code: string; message: string } };
    if (!envelope.success) throw new ApiRequestError(response.status, envelope.error?.code ?? "UNKNOWN", envelope.error?.message ?? "");
    return envelope.data as T;
  }

  return {
    call,
    /** Signs `account` in; returns its bearer token. */
    async signIn(account: LocalAccount): Promise<string> {
      const { nonce } = await call<{ nonce: string }>("POST", "/auth/nonce");
      const message = signInMessage({
        address: account.address,
        domain: options.siweDomain,
        uri: options.siweUri,
        chainId: options.chainId,
        nonce,
      });
      const signature = await account.signMessage({ message });
      return (await call<{ token: string }>("POST", "/auth/verify", { message, signature })).token;
    },
  };
}
