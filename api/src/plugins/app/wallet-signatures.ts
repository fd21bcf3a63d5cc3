// Wallet signatures as the API checks them (sign-in, key bindings, reviews): the protocol's
// `checkWalletSignature` with a client of the chain the signature is about, so contract accounts
// (ERC-1271) and accounts not deployed yet (ERC-6492) are users like any EOA. An EOA's signature
// never reaches the chain. Only chains given an RPC URL (RPC_URL_<chainId>) can be asked, as for
// the chain heads: without one, a contract account's signature is refused as unverifiable.
import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";
import { checkWalletSignature, type WalletSignatureCheck, type WalletSignatureParameters } from "@p2p-escrow/protocol/wallet-signature";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type Client, createPublicClient, http } from "viem";
import { ApiError } from "../../lib/api-error.ts";

/** One eth_getCode and one eth_call per check; a node slower than this is treated as unreachable. */
const TIMEOUT_MS = 5_000;
/**
 * How long a contract account's acceptance is remembered. Bound keys are re-checked on every read
 * (every chat message, every evidence upload), which would otherwise cost two RPC calls each; a
 * contract may stop accepting a signature (an owner removed), so not for long.
 */
const ACCEPTED_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export interface WalletSignatures {
  /** Whether `address` signed `hash`, checked on chain `chainId` when it is not an EOA's own signature. */
  check(chainId: number, parameters: Omit<WalletSignatureParameters, "client">): Promise<WalletSignatureCheck>;
}

declare module "fastify" {
  interface FastifyInstance {
    walletSignatures: WalletSignatures;
  }
}

export interface RefusalCodes {
  /** 401 at sign-in, 400 elsewhere. */
  status: 400 | 401;
  /** The route's code for a signature that is no signature. */
  malformed: ApiErrorCode;
  /** The route's code for an EOA's signature by another key. */
  wrongSigner: ApiErrorCode;
  /** What should have been signed, for the messages: "the sign-in message". */
  what: string;
}

/** 503: only the chain can tell whether the signature is valid, and it has no RPC URL here or does not answer. */
export const signatureChainUnavailable = () =>
  new ApiError(
    503,
    "SIGNATURE_CHAIN_UNAVAILABLE",
    "Only the chain can verify this wallet's signature and it cannot be reached now; retry shortly",
  );

/** The error for a refused signature: the route's own codes for an EOA's, the shared ones for a contract account's. */
export function walletSignatureError(check: Extract<WalletSignatureCheck, { valid: false }>, codes: RefusalCodes): ApiError {
  switch (check.reason) {
    case "malformed":
      return new ApiError(codes.status, codes.malformed, `The signature of ${codes.what} is malformed`);
    case "wrong-signer":
      return new ApiError(
        codes.status,
        codes.wrongSigner,
        `${capitalised(codes.what)} was not signed by the wallet it names (an account not deployed yet signs with ERC-6492, its factory call included)`,
      );
    case "contract-refused":
      return new ApiError(
        codes.status,
        "CONTRACT_SIGNATURE_INVALID",
        `The wallet is a contract account and does not accept this signature of ${codes.what} (ERC-1271 / ERC-6492)`,
      );
    case "chain-unavailable":
      return signatureChainUnavailable();
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface Remembered {
  at: number;
  check: WalletSignatureCheck;
}

export default fp(
  async function walletSignatures(app: FastifyInstance) {
    const clients = new Map<number, Client>();
    for (const [id, url] of Object.entries(app.config.rpcUrls)) {
      clients.set(Number(id), createPublicClient({ transport: http(url, { timeout: TIMEOUT_MS, retryCount: 0 }) }));
    }
    const accepted = new Map<string, Remembered>();

    const service: WalletSignatures = {
      async check(chainId, { address, hash, signature }) {
        const key = `${chainId}:${address.toLowerCase()}:${hash}:${signature.toLowerCase()}`;
        const hit = accepted.get(key);
        if (hit && Date.now() - hit.at < ACCEPTED_TTL_MS) return hit.check;
        const check = await checkWalletSignature({ address, hash, signature, client: clients.get(chainId) });
        if (!check.valid && check.reason === "chain-unavailable") app.log.warn({ chainId, address }, "wallet signature: chain unavailable");
        // An EOA's check costs no RPC call and needs no memory; a refusal is not remembered, so a
        // wallet that fixes its state is heard at once.
        if (check.valid && check.kind !== "eoa") {
          if (accepted.size >= CACHE_MAX_ENTRIES) accepted.delete(accepted.keys().next().value as string);
          accepted.set(key, { at: Date.now(), check });
        }
        return check;
      },
    };
    app.decorate("walletSignatures", service);
  },
  { name: "wallet-signatures" },
);
