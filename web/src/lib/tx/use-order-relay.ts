"use client";
// A buy paid by the buyer's EIP-3009 authorization and sent by the marketplace's relay (the API's
// /relay, docs/gas.md "USDC's own gasless transfer"): for a plain wallet that holds the token and
// too little of the chain's coin to pay gas, on a token with EIP-3009 (USDC). The buyer signs once,
// the order's amount plus the relay's quoted fee; the relay submits createOrderWithAuthorization.
import { addressOf, type Stablecoin } from "@p2p-escrow/contracts/deployed";
import { orderAuthorizationTypedData } from "@p2p-escrow/protocol/payment-authorization";
import { permitSignatureParts } from "@p2p-escrow/protocol/permit";
import { useQuery } from "@tanstack/react-query";
import { type Address, bytesToHex, type Hash, type Hex } from "viem";
import { useAccount, useBalance, useConfig, useEstimateFeesPerGas, useSignTypedData } from "wagmi";
import { getBlock } from "wagmi/actions";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { RelayedOrder, RelayQuote } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { readTokenDomain } from "./token-domain.ts";

/** Gas of a buy the wallet would send itself (permit or approve then pay, the larger): below its cost the relay is offered. */
const OWN_BUY_GAS = 250_000n;
/** How long the signed authorization stays valid: enough for the relay to land it, short enough not to linger. */
const VALIDITY_SECONDS = 15 * 60;
/** The quote's fee follows the price of gas. */
const QUOTE_REFRESH_MS = 30_000;

export interface RelayedBuy {
  seller: Address;
  amount: bigint;
  productHash: Hex;
  maxProtocolFeeBps: bigint;
}

/**
 * The relay for a buy of `token` on `chainId`. `enabled`: whether the buy could take it at all (not
 * when the wallet pays gas in the token itself); nothing is read or quoted otherwise.
 */
export function useOrderRelay(chainId: number, token: Stablecoin | undefined, enabled = true) {
  const api = useApi();
  const config = useConfig();
  const { address } = useAccount();
  const { signTypedDataAsync } = useSignTypedData();
  const wanted = enabled && !!address && !!token?.authorization;
  const native = useBalance({ address, chainId, query: { enabled: wanted } });
  const fees = useEstimateFeesPerGas({ chainId, query: { enabled: wanted } });
  const nativeShort = native.data !== undefined && fees.data !== undefined && native.data.value < OWN_BUY_GAS * fees.data.maxFeePerGas;
  const quote = useQuery({
    queryKey: queryKeys.relayQuote(chainId, token?.address ?? ""),
    queryFn: () => api.request<RelayQuote>("/relay/quote", { query: { chainId, token: token!.address } }),
    enabled: wanted && nativeShort,
    refetchInterval: QUOTE_REFRESH_MS,
    retry: false,
  });
  const fee = quote.data ? BigInt(quote.data.relayerFee) : undefined;

  /** Signs the authorization for `buy` at a fresh quote and hands it to the relay; answers the relay's transaction. */
  async function send(buy: RelayedBuy): Promise<Hash> {
    if (!address || !token) throw new Error("No wallet or token to relay for");
    const fresh = await api.request<RelayQuote>("/relay/quote", { query: { chainId, token: token.address } });
    const domain = await readTokenDomain(config, chainId, token.address);
    // The chain's clock may run ahead of this one (a local chain does): the window counts from the later.
    const chainNow = Number((await getBlock(config, { chainId })).timestamp);
    const now = Math.max(chainNow, Math.floor(Date.now() / 1000));
    const request = {
      ...buy,
      buyer: address,
      escrow: addressOf(chainId, "P2PEscrow"),
      relayerFee: BigInt(fresh.relayerFee),
      salt: bytesToHex(crypto.getRandomValues(new Uint8Array(32))),
      validAfter: 0n,
      validBefore: BigInt(now + VALIDITY_SECONDS),
    };
    const { v, r, s } = permitSignatureParts(await signTypedDataAsync(orderAuthorizationTypedData(domain, request)));
    const text = (value: bigint) => value.toString();
    const { transactionHash } = await api.request<RelayedOrder>("/relay/orders", {
      method: "POST",
      body: {
        chainId,
        token: token.address,
        seller: buy.seller,
        amount: text(buy.amount),
        productHash: buy.productHash,
        maxProtocolFeeBps: text(buy.maxProtocolFeeBps),
        auth: {
          buyer: address,
          v,
          r,
          s,
          relayerFee: text(request.relayerFee),
          validAfter: text(request.validAfter),
          validBefore: text(request.validBefore),
          salt: request.salt,
        },
      },
    });
    return transactionHash as Hash;
  }

  return {
    /** The relay would send this buy: the token has EIP-3009, the wallet lacks gas, and the relay quoted a fee. */
    available: wanted && nativeShort && fee !== undefined,
    /** The relay's fee on top of the price, in token units, as quoted now. */
    fee,
    send,
  };
}
