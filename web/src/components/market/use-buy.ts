"use client";
// Buying: pick a chain and token the listing accepts, then one batch with gas in the token (a
// wallet with a paymaster service), one signature the relay sends (a wallet short of gas, a token
// with EIP-3009), one permit-signed transaction (tokens with EIP-2612) or approve then createOrder. The order names the protocol fee the
// buyer was shown as the most it accepts: a fee raised in between makes it revert, not charge more.
// The token's minimum order and cap are read from the escrow and checked before anything is sent.
// The permit module alone: the protocol index would bring its key and sealing code to this route.
import { addressOf } from "@p2p-escrow/contracts/deployed";
import { permitSignatureParts, permitTypedData } from "@p2p-escrow/protocol/permit";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type Address, encodeFunctionData, type Hex, parseEventLogs, parseUnits } from "viem";
import { useAccount, useConfig, useSignTypedData, useSwitchChain } from "wagmi";
import { readContract } from "wagmi/actions";
import { tokenInfo } from "@/config/chains.ts";
import { useOfferedChains } from "@/config/runtime-context.tsx";
import {
  escrowAbi,
  stablecoinAbi,
  useReadEscrowProtocolFee,
  useReadEscrowTokenConfig,
  useReadStablecoinBalanceOf,
  useWriteEscrowCreateOrder,
  useWriteEscrowCreateOrderWithPermit,
  useWriteStablecoinApprove,
} from "@/generated/contracts.ts";
import type { ListingDetail } from "@/lib/api/types.ts";
import { allowanceBelow, approveCall } from "@/lib/tx/allowance.ts";
import { readTokenDomain } from "@/lib/tx/token-domain.ts";
import { useGasInStablecoins } from "@/lib/tx/use-gas-in-stablecoins.ts";
import { useOrderRelay } from "@/lib/tx/use-order-relay.ts";
import { type Mined, useTransaction } from "@/lib/tx/use-transaction.ts";

/** What the escrow says about buying `amount` of a token now: its bounds and the protocol fee. */
export interface PurchaseTerms {
  /** The token's smallest order, in token units. */
  minAmount: bigint;
  /** The token's per-order cap in token units; 0 means none. */
  maxAmount: bigint;
  allowed: boolean;
  /** The protocol fee for new orders, in bps: what the buyer is shown and accepts as the limit. */
  protocolFeeBps: bigint;
}

/**
 * Why buying `amount` would be refused, as a message with its placeholders; null when it can go
 * ahead. `balance` is the buyer's in the token, once read: a wallet short of the price (plus the
 * relay's fee `relayFee`, when the relay sends the buy) is told how much it lacks before it signs
 * anything, not by a failed transaction.
 */
export function purchaseProblem(
  amount: bigint,
  terms: PurchaseTerms | undefined,
  balance?: bigint,
  relayFee = 0n,
): { text: string; vars?: Record<string, bigint> } | null {
  if (!terms) return null;
  if (!terms.allowed) return { text: "This token is not accepted by the escrow." };
  if (amount < terms.minAmount)
    return { text: "The price is below this token's minimum order of {minimum}.", vars: { minimum: terms.minAmount } };
  if (terms.maxAmount > 0n && amount > terms.maxAmount)
    return { text: "The price is above this token's per-order cap of {cap}.", vars: { cap: terms.maxAmount } };
  if (balance !== undefined && balance < amount + relayFee)
    return {
      text:
        relayFee > 0n
          ? "Your balance is {missing} short of the price and the relay's fee. Add some to this wallet, then buy."
          : "Your balance is {missing} short of the price. Add some to this wallet, then buy.",
      vars: { missing: amount + relayFee - balance },
    };
  return null;
}

/** How often the buyer's balance is read again while the buy box shows and it is short of the price. */
const BALANCE_REFRESH_MS = 5_000;

/**
 * When to read the buyer's balance again: every BALANCE_REFRESH_MS while it is short of `price` or
 * not yet read, never once it covers the price (`false`, as TanStack Query's `refetchInterval` takes it).
 */
export function balanceRefreshInterval(balance: bigint | undefined, price: bigint): number | false {
  return balance !== undefined && balance >= price ? false : BALANCE_REFRESH_MS;
}

/** Paying for a listing: the accepted payments this app knows, the chosen one, and buying with it. */
export function useBuy(listing: ListingDetail) {
  const router = useRouter();
  const config = useConfig();
  const { address, chainId: walletChainId, isConnected } = useAccount();
  const { chains } = useOfferedChains();
  const options = listing.accepted.filter((a) => chains.some((c) => c.id === a.chainId) && tokenInfo(a.chainId, a.token));
  const [choice, setChoice] = useState(0);
  const payment = options[choice];
  const chainId = payment?.chainId ?? 0;
  const token = payment ? tokenInfo(payment.chainId, payment.token) : undefined;
  const amount = token ? parseUnits(listing.price, token.decimals) : 0n;
  const tx = useTransaction(chainId);
  const gas = useGasInStablecoins(chainId);
  // A wallet that cannot pay gas in the token itself, short of the chain's coin: the relay sends the buy.
  const relay = useOrderRelay(chainId, token, !gas.available);
  // The relay's fee on top of the price when the relay sends the buy; undefined when the wallet does.
  const relayFee = relay.available ? relay.fee : undefined;
  // What the balance must cover.
  const due = amount + (relayFee ?? 0n);
  const { switchChainAsync } = useSwitchChain();
  const { signTypedDataAsync } = useSignTypedData();
  const approve = useWriteStablecoinApprove();
  const createOrder = useWriteEscrowCreateOrder();
  const createWithPermit = useWriteEscrowCreateOrderWithPermit();
  const balance = useReadStablecoinBalanceOf({
    address: token?.address,
    args: address ? [address] : undefined,
    chainId,
    // Read again while the page is open and the balance falls short: a newcomer often funds the
    // wallet only after finding the listing. Once it covers what is due there is nothing to wait for.
    query: { enabled: !!address && !!token, refetchInterval: (query) => balanceRefreshInterval(query.state.data, due) },
  });
  // Read when the form shows: the fee read here is the one shown, and the limit the order sends.
  const fee = useReadEscrowProtocolFee({ chainId, query: { enabled: !!token } });
  const tokenConfig = useReadEscrowTokenConfig({ args: token ? [token.address] : undefined, chainId, query: { enabled: !!token } });
  const terms: PurchaseTerms | undefined =
    fee.data && tokenConfig.data
      ? {
          minAmount: tokenConfig.data.minAmount,
          maxAmount: tokenConfig.data.maxAmount,
          allowed: tokenConfig.data.allowed,
          protocolFeeBps: fee.data[0],
        }
      : undefined;
  const problem = purchaseProblem(amount, terms, balance.data, relayFee);
  // What a dispute over this order would ask of each side, as the API prices it for this token.
  const payTerms =
    payment && listing.payments.find((p) => p.chainId === payment.chainId && p.token.toLowerCase() === payment.token.toLowerCase());
  const disputeDeposit = payTerms ? BigInt(payTerms.arbitrationFee) : undefined;
  const [error, setError] = useState<unknown>(null);

  async function buy() {
    if (!address || !token || !payment || !terms || problem) return;
    const maxProtocolFeeBps = terms.protocolFeeBps;
    setError(null);
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      const escrow = addressOf(chainId, "P2PEscrow");
      const seller = listing.seller as Address;
      const productHash = listing.productHash as Hex;
      let receipt: Mined;
      if (gas.available) {
        // One batch, gas in the token itself: approve the escrow, then create the order.
        receipt = await tx.runCalls("Pay into escrow", () =>
          gas.send(
            [
              approveCall(token.address, escrow, amount),
              {
                to: escrow,
                data: encodeFunctionData({
                  abi: escrowAbi,
                  functionName: "createOrder",
                  args: [seller, token.address, amount, productHash, maxProtocolFeeBps],
                }),
              },
            ],
            token.address,
          ),
        );
      } else if (relayFee !== undefined) {
        // One signature: the token moves the price and the relay's fee when the relay submits it.
        receipt = await tx.run("Pay into escrow (relayed)", () => relay.send({ seller, amount, productHash, maxProtocolFeeBps }));
      } else if (token.permit) {
        const [domain, nonce] = await Promise.all([
          readTokenDomain(config, chainId, token.address),
          readContract(config, { address: token.address, abi: stablecoinAbi, functionName: "nonces", args: [address], chainId }),
        ]);
        const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
        const signature = await signTypedDataAsync(
          permitTypedData(domain, { owner: address, spender: escrow, value: amount, nonce, deadline }),
        );
        const { v, r, s } = permitSignatureParts(signature);
        receipt = await tx.run("Pay into escrow (permit)", () =>
          createWithPermit.writeContractAsync({
            args: [seller, token.address, amount, productHash, maxProtocolFeeBps, deadline, v, r, s],
            chainId,
          }),
        );
      } else {
        if (await allowanceBelow(config, { chainId, token: token.address, owner: address, spender: escrow, amount }))
          await tx.run("Approve", () => approve.writeContractAsync({ address: token.address, args: [escrow, amount], chainId }));
        receipt = await tx.run("Pay into escrow", () =>
          createOrder.writeContractAsync({ args: [seller, token.address, amount, productHash, maxProtocolFeeBps], chainId }),
        );
      }
      const [created] = parseEventLogs({ abi: escrowAbi, logs: receipt.logs, eventName: "OrderCreated" });
      if (created) router.push(`/dashboard/orders/${chainId}/${created.args.orderId}`);
    } catch (e) {
      setError(e);
    }
  }

  return {
    options,
    choice,
    setChoice,
    chainId,
    token,
    /** The price in the chosen token's units. */
    amount,
    balance: balance.data,
    /** The escrow's bounds and fee for this token, once read. */
    terms,
    /** Why the escrow would refuse this purchase, checked before anything is sent. */
    problem,
    /** Each side's deposit should the order be disputed. */
    disputeDeposit,
    isConnected,
    /** The wallet pays this purchase's gas in the token (one batch through the paymaster). */
    gasInToken: gas.available,
    /** The relay sends this purchase for this fee in the token, on top of the price; undefined when the wallet sends it. */
    relayFee,
    isOwn: address?.toLowerCase() === listing.seller.toLowerCase(),
    buy: () => void buy(),
    busy: tx.state.stage === "signing" || tx.state.stage === "pending",
    tx: tx.state,
    error,
  };
}
