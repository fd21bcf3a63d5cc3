// The order relay: submits createOrderWithAuthorization for a buyer who signed an EIP-3009
// authorization (USDC's gasless transfer) and holds no native coin, paying the gas from the
// relayer's key for the fee the buyer signed (docs/gas.md, "USDC's own gasless transfer"). The
// relayer must never pay for what fails or runs at a loss, so before sending it estimates the call
// (which simulates it: a bad signature, a used nonce or an escrow rule refuses it there, free),
// prices that gas, and refuses a fee below the cost. Per-sender limits bound what a buyer who makes
// a relayed call fail after that check (by spending the tokens first) can cost it; each such
// failure costs the buyer a transaction of its own as well.

import { findStablecoin } from "@p2p-escrow/contracts/deployed";
import { escrowAbi, stablecoinAbi } from "@p2p-escrow/contracts/deployments";
import { tokenCost } from "@p2p-escrow/contracts/paymaster-quote";
import { eip3009Abi, orderAuthorizationNonce } from "@p2p-escrow/protocol/payment-authorization";
import type { RelayOrderBody } from "@p2p-escrow/protocol/schemas/relay";
import type { Static } from "@sinclair/typebox";
import { type Kysely, sql } from "kysely";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createWalletClient,
  type Hex,
  http,
  type LocalAccount,
  type PublicClient,
  zeroAddress,
  zeroHash,
} from "viem";
import type { Database } from "../../db/database.ts";
import { ApiError } from "../../lib/api-error.ts";
import { hitRateLimit } from "../../services/rate-limit-store.ts";
import { type NativePrice, PriceUnavailable } from "../native-price.ts";
import { quotePrice } from "../paymaster/quote-service.ts";

/**
 * The gas a quoted fee is priced for: a cold relayed buy's (210,144 in order-relay.test.ts: the
 * relayer's first fee, a new buyer), above a warm one's (163,648 in bench:gas, FiatToken v2.2). The
 * buyer signs an exact fee, so the quote is kept near the gas: what it overestimates is the relayer's
 * gain. A submission is checked against its own estimate.
 */
export const RELAY_QUOTE_GAS = 220_000n;
/** Headroom on the estimate in the transaction's gas limit: the chain's state may move before it lands. */
const GAS_LIMIT_BPS = 12_000n;
const BPS = 10_000n;
/** An authorization that ends this soon may expire in the mempool: the relayer would pay for nothing. */
const MIN_VALIDITY_SECONDS = 60n;
const HOUR_MS = 3_600_000;
const UNSUPPORTED = (token: Address) => `${token} has no EIP-3009 authorizations (USDC has them; USDT does not)`;
const DAY_SECONDS = 86_400n;

/** One chain the relay serves. */
export interface RelayChain {
  url: string;
  client: PublicClient;
  escrow: Address;
  nativePrice: NativePrice;
}

export interface OrderRelayOptions {
  chains: ReadonlyMap<number, RelayChain>;
  account: LocalAccount;
  db: Kysely<Database>;
  /** Added to the quoted fee, as for the paymaster's quotes: the price moving before the buyer signs. */
  marginBps: number;
  ordersPerSenderPerHour: number;
}

type RelayOrder = Static<typeof RelayOrderBody>;

/**
 * The message of the revert a simulation met (the escrow's custom error or the token's reason), or
 * null when `error` is no revert (the node could not be reached, say): that is no fault of the order.
 */
function revertReason(error: unknown): string | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return null;
  if (reverted.reason) return reverted.reason;
  if (reverted.data?.errorName) return `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(", ")})`;
  return reverted.shortMessage;
}

export function createOrderRelay({ chains, account, db, marginBps, ordersPerSenderPerHour }: OrderRelayOptions) {
  const wallets = new Map([...chains].map(([id, chain]) => [id, createWalletClient({ account, transport: http(chain.url) })]));
  /** Tokens known to take EIP-3009 authorizations: code does not lose a function. */
  const authorizationTokens = new Set<string>();

  function chainOf(chainId: number): RelayChain {
    const chain = chains.get(chainId);
    if (!chain) throw new ApiError(400, "RELAY_CHAIN_UNSUPPORTED", `The relay does not serve chain ${chainId}`);
    return chain;
  }

  /** The token's decimals, once the escrow takes it and it implements EIP-3009. */
  async function checkToken(chainId: number, chain: RelayChain, token: Address): Promise<number> {
    const { client, escrow } = chain;
    const [config, decimals] = await Promise.all([
      client.readContract({ address: escrow, abi: escrowAbi, functionName: "tokenConfig", args: [token] }),
      client.readContract({ address: token, abi: stablecoinAbi, functionName: "decimals" }).catch(() => null),
    ]);
    if (!config.allowed || decimals === null) {
      throw new ApiError(400, "RELAY_TOKEN_UNSUPPORTED", `The escrow on chain ${chainId} does not take ${token}`);
    }
    // The registry's word for the tokens it lists (contracts/chains.ts); any other the escrow takes
    // is probed on chain, once.
    const listed = findStablecoin(chainId, token)?.authorization;
    if (listed === false) throw new ApiError(400, "RELAY_TOKEN_UNSUPPORTED", UNSUPPORTED(token));
    const key = `${chainId}:${token.toLowerCase()}`;
    if (listed === undefined && !authorizationTokens.has(key)) {
      const supported = await client
        .readContract({ address: token, abi: eip3009Abi, functionName: "authorizationState", args: [zeroAddress, zeroHash] })
        .then(
          () => true,
          () => false,
        );
      if (!supported) throw new ApiError(400, "RELAY_TOKEN_UNSUPPORTED", UNSUPPORTED(token));
      authorizationTokens.add(key);
    }
    return decimals;
  }

  /**
   * What `gas` costs now in base units of a token of `decimals`, with `margin` (bps) on the price, at
   * the fee per gas the relayer offers (the next block's base fee with room to rise, and the tip).
   */
  async function costOf(chain: RelayChain, gas: bigint, decimals: number, margin: number) {
    const [{ maxFeePerGas }, nativePriceUsd] = await Promise.all([
      chain.client.estimateFeesPerGas(),
      chain.nativePrice().catch((error) => {
        if (error instanceof PriceUnavailable) throw new ApiError(503, "RELAY_PRICE_UNAVAILABLE", error.message);
        throw error;
      }),
    ]);
    return { fees: maxFeePerGas, cost: tokenCost(gas * maxFeePerGas, quotePrice(nativePriceUsd, decimals, margin)) };
  }

  /** Counts a hit on `key` and answers whether it is past `max` in its window. */
  async function over(key: string, windowMs: number, max: number) {
    const { current, ttl } = await hitRateLimit(db, key, windowMs);
    return current > max ? { ttl } : null;
  }

  return {
    relayer: account.address,

    /** The fee to sign for relaying a buy in `token` on `chainId`, now. */
    async quote(chainId: number, token: Address) {
      const chain = chainOf(chainId);
      const decimals = await checkToken(chainId, chain, token);
      const { cost } = await costOf(chain, RELAY_QUOTE_GAS, decimals, marginBps);
      return { relayer: account.address, relayerFee: String(cost), gas: String(RELAY_QUOTE_GAS) };
    },

    /** Submits the buyer's order; answers the transaction's hash once the node accepted it. */
    async submit(order: RelayOrder) {
      const chain = chainOf(order.chainId);
      const token = order.token as Address;
      const decimals = await checkToken(order.chainId, chain, token);
      const { auth } = order;
      const now = BigInt(Math.floor(Date.now() / 1000));
      if (BigInt(auth.validBefore) < now + MIN_VALIDITY_SECONDS) {
        throw new ApiError(422, "RELAY_WOULD_REVERT", `The authorization expires within ${MIN_VALIDITY_SECONDS} s; sign a new one`);
      }
      const authorization = {
        buyer: auth.buyer as Address,
        v: auth.v,
        r: auth.r as Hex,
        s: auth.s as Hex,
        relayerFee: BigInt(auth.relayerFee),
        validAfter: BigInt(auth.validAfter),
        validBefore: BigInt(auth.validBefore),
        salt: auth.salt as Hex,
      };
      const args = [
        order.seller as Address,
        token,
        BigInt(order.amount),
        order.productHash as Hex,
        BigInt(order.maxProtocolFeeBps),
        authorization,
      ] as const;
      const call = { address: chain.escrow, abi: escrowAbi, functionName: "createOrderWithAuthorization", args } as const;

      // The estimate runs the call: whatever would revert is refused here, before it costs anything.
      let gas: bigint;
      try {
        // Against the latest block, not the pending one: the same authorization pending in the
        // mempool is the duplicate check's to refuse, whichever node this is.
        gas = await chain.client.estimateContractGas({ ...call, account: account.address, blockTag: "latest" });
      } catch (error) {
        const reason = revertReason(error);
        if (reason === null) throw error;
        throw new ApiError(422, "RELAY_WOULD_REVERT", `The escrow or the token would refuse this order: ${reason}`, { reason });
      }
      const { fees, cost } = await costOf(chain, gas, decimals, 0);
      if (authorization.relayerFee < cost) {
        throw new ApiError(
          422,
          "RELAY_FEE_TOO_LOW",
          `Relaying costs ${cost} base units of the token now; the authorization offers ${auth.relayerFee}`,
          {
            required: String(cost),
          },
        );
      }

      const nonce = orderAuthorizationNonce({
        ...authorization,
        seller: order.seller as Address,
        productHash: order.productHash as Hex,
        maxProtocolFeeBps: BigInt(order.maxProtocolFeeBps),
      });
      const buyer = authorization.buyer.toLowerCase();
      // Twice the same authorization: the second would revert on the used nonce, at the relayer's
      // cost. Remembered while it may still be pending; after a day a mined one fails simulation.
      const validMs = Number(authorization.validBefore - now > DAY_SECONDS ? DAY_SECONDS : authorization.validBefore - now) * 1000;
      if (await over(`relay:authorization:${order.chainId}:${buyer}:${nonce}`, validMs, 1)) {
        throw new ApiError(409, "RELAY_DUPLICATE", "This authorization is already being relayed");
      }
      const limited = await over(`relay:sender:${order.chainId}:${buyer}`, HOUR_MS, ordersPerSenderPerHour);
      if (limited) {
        throw new ApiError(
          429,
          "RELAY_SENDER_LIMITED",
          `This buyer has had ${ordersPerSenderPerHour} orders relayed in the last hour; try again later`,
          {
            retryAfterSeconds: Math.ceil(limited.ttl / 1000),
          },
        );
      }

      // Every API process sends from the same key: one at a time, each with the next nonce.
      const wallet = wallets.get(order.chainId)!;
      const transactionHash = await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`relay:${order.chainId}:${account.address}`}))`.execute(trx);
        const txNonce = await chain.client.getTransactionCount({ address: account.address, blockTag: "pending" });
        return wallet.writeContract({
          ...call,
          chain: null,
          nonce: txNonce,
          gas: (gas * GAS_LIMIT_BPS) / BPS,
          maxFeePerGas: fees,
        });
      });
      return { transactionHash, relayer: account.address };
    },
  };
}

export type OrderRelay = ReturnType<typeof createOrderRelay>;
