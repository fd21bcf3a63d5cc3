"use client";
// The on-chain actions the order's state allows the caller, each one a wallet-signed transaction
// with its stages shown. Delivery and receipt live in the delivery panel (they need decryption).
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Hash, parseUnits } from "viem";
import { useAccount, useSwitchChain } from "wagmi";
import { tokenInfo } from "@/config/chains.ts";
import {
  useWriteEscrowAcceptSettlement,
  useWriteEscrowAutoRelease,
  useWriteEscrowCancelOrder,
  useWriteEscrowDrawArbitrator,
  useWriteEscrowExpireOrder,
  useWriteEscrowOpenDispute,
  useWriteEscrowProposeSettlement,
  useWriteEscrowReplaceArbitrator,
  useWriteEscrowResolveDispute,
} from "@/generated/contracts.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { formatAmount } from "@/lib/format/format.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { deadlinePassed } from "./countdown.tsx";
import type { Role } from "./use-order.ts";

type Write<Args> = { writeContractAsync: (request: { args: Args; chainId: number }) => Promise<Hash> };

/** The escrow's write functions an order's actions call. */
export interface EscrowWrites {
  cancel: Write<readonly [bigint]>;
  openDispute: Write<readonly [bigint]>;
  expire: Write<readonly [bigint]>;
  release: Write<readonly [bigint]>;
  draw: Write<readonly [bigint]>;
  replace: Write<readonly [bigint]>;
  resolve: Write<readonly [bigint, number]>;
  accept: Write<readonly [bigint, bigint]>;
}

export interface OrderAction {
  /** The button's text (translated with `vars`). */
  label: string;
  vars?: Record<string, string>;
  /** The transaction's name in its status line. */
  txLabel: string;
  className: string;
  send: (writes: EscrowWrites) => Promise<Hash>;
}

/** The actions the order's state, the caller's role and the chain's clock (`now`, unix seconds) allow, in button order. */
export function orderActionsFor({ order, dispute }: Pick<OrderDetail, "order" | "dispute">, role: Role, now: number): OrderAction[] {
  const chainId = order.chainId;
  const id = BigInt(order.orderId);
  const party = role === "buyer" || role === "seller";
  const passed = deadlinePassed(order.deadline, now);
  const actions: OrderAction[] = [];
  const add = (label: string, txLabel: string, send: OrderAction["send"], className = "button", vars?: Record<string, string>) =>
    actions.push({ label, txLabel, send, className, ...(vars ? { vars } : {}) });
  if (order.status === "Created") {
    if (party) add("Cancel order", "Cancel order", (w) => w.cancel.writeContractAsync({ args: [id], chainId }), "button secondary");
    if (party && !passed)
      add("Open dispute", "Open dispute", (w) => w.openDispute.writeContractAsync({ args: [id], chainId }), "button danger");
    if (passed) add("Claim refund (seller missed the window)", "Claim refund", (w) => w.expire.writeContractAsync({ args: [id], chainId }));
  }
  if (order.status === "SellerConfirmed") {
    if (party && !passed)
      add("Open dispute", "Open dispute", (w) => w.openDispute.writeContractAsync({ args: [id], chainId }), "button danger");
    if (passed)
      add("Release payment (buyer window passed)", "Release payment", (w) => w.release.writeContractAsync({ args: [id], chainId }));
  }
  if (order.status === "Disputed") {
    if (!dispute?.arbitrator)
      add("Draw the arbitrator", "Draw the arbitrator", (w) => w.draw.writeContractAsync({ args: [id], chainId }), "button secondary");
    if (dispute?.arbitrator && deadlinePassed(dispute.deadline, now)) {
      add(
        "Replace the late arbitrator",
        "Replace the arbitrator",
        (w) => w.replace.writeContractAsync({ args: [id], chainId }),
        "button secondary",
      );
    }
    if (role === "arbitrator") {
      add("Rule for the buyer (refund)", "Rule for the buyer", (w) => w.resolve.writeContractAsync({ args: [id, 1], chainId }));
      add("Rule for the seller (pay)", "Rule for the seller", (w) => w.resolve.writeContractAsync({ args: [id, 2], chainId }));
    }
    const offer = standingOffer({ order, dispute });
    // The party that did not propose the standing offer may accept it.
    if (party && offer !== null && dispute!.offerProposer !== order[role]) {
      add(
        "Accept the offer: {buyer} to the buyer",
        "Accept settlement",
        (w) => w.accept.writeContractAsync({ args: [id, offer], chainId }),
        "button",
        {
          buyer: formatAmount(chainId, order.token, offer),
        },
      );
    }
  }
  return actions;
}

/** The settlement offered in a dispute (the buyer's share, in token units), or null when none stands. */
export function standingOffer({ order, dispute }: Pick<OrderDetail, "order" | "dispute">): bigint | null {
  return order.status === "Disputed" && dispute?.offerProposer && dispute.offerBuyerAmount !== null
    ? BigInt(dispute.offerBuyerAmount)
    : null;
}

export function useOrderActions(detail: OrderDetail, role: Role) {
  const { order } = detail;
  const chainId = order.chainId;
  const tx = useTransaction(chainId);
  // The contract judges the windows by the chain's clock; this panel alone re-renders as it ticks.
  const now = useChainNow(chainId);
  const queryClient = useQueryClient();
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const writes: EscrowWrites = {
    cancel: useWriteEscrowCancelOrder(),
    openDispute: useWriteEscrowOpenDispute(),
    expire: useWriteEscrowExpireOrder(),
    release: useWriteEscrowAutoRelease(),
    draw: useWriteEscrowDrawArbitrator(),
    replace: useWriteEscrowReplaceArbitrator(),
    resolve: useWriteEscrowResolveDispute(),
    accept: useWriteEscrowAcceptSettlement(),
  };
  const propose = useWriteEscrowProposeSettlement();
  const [offer, setOffer] = useState("");
  const token = tokenInfo(chainId, order.token);
  const party = role === "buyer" || role === "seller";

  /** Switches to the order's chain, sends, then refreshes the order; a failure shows in the status line. */
  const run = async (label: string, send: () => Promise<Hash>) => {
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await tx.run(label, send);
      await queryClient.invalidateQueries({ queryKey: queryKeys.order(chainId, order.orderId) });
    } catch {
      // shown by TxStatus
    }
  };

  return {
    actions: orderActionsFor(detail, role, now).map((action) => ({
      ...action,
      run: () => void run(action.txLabel, () => action.send(writes)),
    })),
    standingOffer: standingOffer(detail),
    /** The disputed order's token, when a party may propose a settlement in it. */
    settlementToken: order.status === "Disputed" && party ? token : undefined,
    offer,
    setOffer,
    proposeSettlement: () => {
      if (!token) return;
      const amount = parseUnits(offer || "0", token.decimals);
      void run("Propose settlement", () => propose.writeContractAsync({ args: [BigInt(order.orderId), amount], chainId }));
    },
    busy: tx.state.stage === "signing" || tx.state.stage === "pending",
    tx: tx.state,
  };
}
