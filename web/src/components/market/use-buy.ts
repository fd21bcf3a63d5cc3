"use client";
// Buying: pick a chain and token the listing accepts, then either one permit-signed transaction
// (tokens with EIP-2612) or approve followed by createOrder.
// The permit module alone: the protocol index would bring its key and sealing code to this route.
import { addressOf } from "@p2p-escrow/contracts/deployed";
import { permitDomainOf, permitSignatureParts, permitTypedData } from "@p2p-escrow/protocol/permit";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type Address, type Hex, parseEventLogs, parseUnits } from "viem";
import { useAccount, useConfig, useSignTypedData, useSwitchChain } from "wagmi";
import { readContract } from "wagmi/actions";
import { tokenInfo } from "@/config/chains.ts";
import { useOfferedChains } from "@/config/runtime-context.tsx";
import {
  escrowAbi,
  stablecoinAbi,
  useReadStablecoinBalanceOf,
  useWriteEscrowCreateOrder,
  useWriteEscrowCreateOrderWithPermit,
  useWriteStablecoinApprove,
} from "@/generated/contracts.ts";
import type { ListingDetail } from "@/lib/api/types.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";

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
  const { switchChainAsync } = useSwitchChain();
  const { signTypedDataAsync } = useSignTypedData();
  const approve = useWriteStablecoinApprove();
  const createOrder = useWriteEscrowCreateOrder();
  const createWithPermit = useWriteEscrowCreateOrderWithPermit();
  const balance = useReadStablecoinBalanceOf({
    address: token?.address,
    args: address ? [address] : undefined,
    chainId,
    query: { enabled: !!address && !!token },
  });
  const [error, setError] = useState<unknown>(null);

  async function buy() {
    if (!address || !token || !payment) return;
    setError(null);
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      const escrow = addressOf(chainId, "P2PEscrow");
      const seller = listing.seller as Address;
      const productHash = listing.productHash as Hex;
      let receipt: Awaited<ReturnType<typeof tx.run>>;
      if (token.permit) {
        const [domain, nonce] = await Promise.all([
          readContract(config, { address: token.address, abi: stablecoinAbi, functionName: "eip712Domain", chainId }),
          readContract(config, { address: token.address, abi: stablecoinAbi, functionName: "nonces", args: [address], chainId }),
        ]);
        const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
        const signature = await signTypedDataAsync(
          permitTypedData(permitDomainOf(domain), { owner: address, spender: escrow, value: amount, nonce, deadline }),
        );
        const { v, r, s } = permitSignatureParts(signature);
        receipt = await tx.run("Pay into escrow (permit)", () =>
          createWithPermit.writeContractAsync({ args: [seller, token.address, amount, productHash, deadline, v, r, s], chainId }),
        );
      } else {
        const allowance = await readContract(config, {
          address: token.address,
          abi: stablecoinAbi,
          functionName: "allowance",
          args: [address, escrow],
          chainId,
        });
        if (allowance < amount)
          await tx.run("Approve", () => approve.writeContractAsync({ address: token.address, args: [escrow, amount], chainId }));
        receipt = await tx.run("Pay into escrow", () =>
          createOrder.writeContractAsync({ args: [seller, token.address, amount, productHash], chainId }),
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
    isConnected,
    isOwn: address?.toLowerCase() === listing.seller.toLowerCase(),
    buy: () => void buy(),
    busy: tx.state.stage === "signing" || tx.state.stage === "pending",
    tx: tx.state,
    error,
  };
}
