"use client";
// The drawn arbitrator's ruling. It waits until the arbitrator can read the whole case (the chat,
// when there is one, and every evidence file: use-case-keys.ts), asks for confirmation saying what
// happens to the money, and takes a written reason. The reason goes on chain first, as the
// arbitrator's evidence (ruling-reason.ts), then the ruling itself; both pay their gas the same
// way, in the order's token where the wallet can (use-gas-in-stablecoins.ts).
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { Address } from "viem";
import { useAccount, useSwitchChain } from "wagmi";
import type { ConfirmRequest } from "@/components/ui/confirm-dialog.tsx";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useGasInStablecoins } from "@/lib/tx/use-gas-in-stablecoins.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { encodeRulingReason, type RuledFor } from "./ruling-reason.ts";
import { useCaseGap } from "./use-case-keys.ts";
import type { DisputeView } from "./use-dispute.ts";
import { useEvidenceSubmit } from "./use-evidence-submit.ts";

/** Ruling values of the Solidity enum `Ruling` (rulingEnum): 1 the buyer, 2 the seller. */
const RULING = { buyer: 1, seller: 2 } as const;

/** What a ruling for `winner` does with the money, in token units (the dispute's stakes). */
export function rulingMoney(view: Pick<DisputeView, "stakes" | "fee">, winner: RuledFor) {
  const loser: RuledFor = winner === "buyer" ? "seller" : "buyer";
  return { winner, loser, winnerReceives: view.stakes[winner].ifWins, loserLoses: view.stakes[loser].ifLoses, fee: view.fee };
}

export function useRuling(detail: OrderDetail, view: DisputeView | null, isArbitrator: boolean) {
  const { order } = detail;
  const chainId = order.chainId;
  const queryClient = useQueryClient();
  const mayRule = isArbitrator && view?.phase === "Ruling" && !view.deadlinePassed;
  const gap = useCaseGap(order, mayRule);
  const evidence = useEvidenceSubmit(order);
  const tx = useTransaction(chainId);
  const gas = useGasInStablecoins(chainId);
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();

  /** Publishes the reason, then rules; a failure shows in the status lines. */
  async function rule(winner: RuledFor, reason: string) {
    try {
      await evidence.submit(encodeRulingReason({ ruling: winner, reason }));
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await gas.sendEscrow(
        tx,
        winner === "buyer" ? "Rule for the buyer" : "Rule for the seller",
        { functionName: "resolveDispute", args: [BigInt(order.orderId), BigInt(RULING[winner])] },
        order.token as Address,
      );
      await queryClient.invalidateQueries({ queryKey: queryKeys.order(chainId, order.orderId) });
    } catch {
      // shown by TxStatus
    }
  }

  return {
    mayRule,
    /** Null when the whole case can be read; otherwise why the ruling waits. */
    gap: mayRule ? gap : null,
    rule,
    evidenceTx: evidence.tx,
    tx: tx.state,
    busy: [evidence.tx.stage, tx.state.stage].some((s) => s === "signing" || s === "pending"),
  };
}

/** The confirmation a ruling asks: what each side gets, and a required reason both parties will read. */
export function rulingConfirmation(winner: RuledFor, consequences: ReactNode, t: (text: string) => string): ConfirmRequest {
  return {
    title: t(winner === "buyer" ? "Rule for the buyer?" : "Rule for the seller?"),
    consequences,
    confirmLabel: t(winner === "buyer" ? "Rule for the buyer" : "Rule for the seller"),
    reasonLabel: t("Your reason (both parties will read it)"),
    danger: true,
  };
}
