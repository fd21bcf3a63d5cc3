"use client";
// The on-chain actions the order's state allows the caller, each one a wallet-signed transaction
// with its stages shown. Delivery and receipt live in the delivery panel (they need decryption).
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { parseUnits } from "viem";
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
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { formatAmount } from "@/lib/format/format.ts";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { deadlinePassed } from "./countdown.tsx";
import type { Role } from "./use-order.ts";

export function OrderActions({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const { order, dispute } = detail;
  const chainId = order.chainId;
  const id = BigInt(order.orderId);
  const tx = useTransaction(chainId);
  // The contract judges the windows by the chain's clock; this panel alone re-renders as it ticks.
  const now = useChainNow(chainId);
  const queryClient = useQueryClient();
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const cancel = useWriteEscrowCancelOrder();
  const openDispute = useWriteEscrowOpenDispute();
  const expire = useWriteEscrowExpireOrder();
  const release = useWriteEscrowAutoRelease();
  const draw = useWriteEscrowDrawArbitrator();
  const replace = useWriteEscrowReplaceArbitrator();
  const propose = useWriteEscrowProposeSettlement();
  const accept = useWriteEscrowAcceptSettlement();
  const resolve = useWriteEscrowResolveDispute();
  const [offer, setOffer] = useState("");
  const token = tokenInfo(chainId, order.token);
  const busy = tx.state.stage === "signing" || tx.state.stage === "pending";
  const party = role === "buyer" || role === "seller";

  const act = (label: string, send: () => Promise<`0x${string}`>) => async () => {
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await tx.run(label, send);
      await queryClient.invalidateQueries({ queryKey: ["order", chainId, order.orderId] });
    } catch {
      // shown by TxStatus
    }
  };
  const button = (label: string, onClick: () => Promise<void>, kind = "button") => (
    <button key={label} type="button" className={kind} disabled={busy} onClick={() => void onClick()}>
      {t(label)}
    </button>
  );

  const buttons = [];
  const passed = deadlinePassed(order.deadline, now);
  if (order.status === "Created") {
    if (party) buttons.push(button("Cancel order", act("Cancel order", () => cancel.writeContractAsync({ args: [id], chainId })), "button secondary"));
    if (party && !passed) buttons.push(button("Open dispute", act("Open dispute", () => openDispute.writeContractAsync({ args: [id], chainId })), "button danger"));
    if (passed) buttons.push(button("Claim refund (seller missed the window)", act("Claim refund", () => expire.writeContractAsync({ args: [id], chainId }))));
  }
  if (order.status === "SellerConfirmed") {
    if (party && !passed) buttons.push(button("Open dispute", act("Open dispute", () => openDispute.writeContractAsync({ args: [id], chainId })), "button danger"));
    if (passed) buttons.push(button("Release payment (buyer window passed)", act("Release payment", () => release.writeContractAsync({ args: [id], chainId }))));
  }
  const offerPending = order.status === "Disputed" && dispute?.offerProposer && dispute.offerBuyerAmount !== null;
  if (order.status === "Disputed") {
    if (!dispute?.arbitrator) buttons.push(button("Draw the arbitrator", act("Draw the arbitrator", () => draw.writeContractAsync({ args: [id], chainId })), "button secondary"));
    if (dispute?.arbitrator && deadlinePassed(dispute.deadline, now)) {
      buttons.push(button("Replace the late arbitrator", act("Replace the arbitrator", () => replace.writeContractAsync({ args: [id], chainId })), "button secondary"));
    }
    if (role === "arbitrator") {
      buttons.push(button("Rule for the buyer (refund)", act("Rule for the buyer", () => resolve.writeContractAsync({ args: [id, 1], chainId }))));
      buttons.push(button("Rule for the seller (pay)", act("Rule for the seller", () => resolve.writeContractAsync({ args: [id, 2], chainId }))));
    }
    if (party && offerPending && dispute!.offerProposer !== order[role]) {
      const amount = BigInt(dispute!.offerBuyerAmount!);
      buttons.push(
        button(
          t("Accept the offer: {buyer} to the buyer", { buyer: formatAmount(chainId, order.token, amount) }),
          act("Accept settlement", () => accept.writeContractAsync({ args: [id, amount], chainId })),
        ),
      );
    }
  }

  return (
    <section className="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t("Actions")}</h2>
      {offerPending && (
        <p data-testid="settlement-offer">
          {t("Standing offer: {buyer} to the buyer, the rest to the seller.", { buyer: formatAmount(chainId, order.token, dispute!.offerBuyerAmount!) })}
        </p>
      )}
      <div className="actions">{buttons.length > 0 ? buttons : <span className="muted">{t("Nothing to do on chain right now.")}</span>}</div>
      {order.status === "Disputed" && party && token && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            const amount = parseUnits(offer || "0", token.decimals);
            void act("Propose settlement", () => propose.writeContractAsync({ args: [id, amount], chainId }))();
          }}
        >
          <label>
            {t("Settlement: amount to the buyer ({symbol})", { symbol: token.symbol })}
            <input inputMode="decimal" required value={offer} onChange={(e) => setOffer(e.target.value)} />
          </label>
          <button type="submit" className="button secondary" disabled={busy}>
            {t("Propose settlement")}
          </button>
        </form>
      )}
      <TxStatus state={tx.state} chainId={chainId} />
    </section>
  );
}
