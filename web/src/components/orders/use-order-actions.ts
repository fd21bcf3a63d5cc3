"use client";
// The on-chain actions the order's state allows the caller, each one a wallet-signed transaction
// with its stages shown. Delivery and receipt live in the delivery panel (they need decryption).
// A dispute's actions follow its phase (use-dispute.ts): a deposit first approves the
// escrow for it when the allowance is short, and the time-based steps (a default, the fallback, a
// replacement) are open to anyone once due, though the keeper normally sends them.
// An action that moves money for good first asks for confirmation (its `confirm`), saying where the
// money goes in the order's own figures: its amount, the protocol fee the escrow would take
// (stakes.protocolFee, from the order's fee rate) and the dispute deposits.

import { protocolFeeOf } from "@p2p-escrow/contracts/escrow-math";
import { useQueryClient } from "@tanstack/react-query";
import { createElement, useState } from "react";
import { type Address, formatEther } from "viem";
import { useAccount, useConfig, useSwitchChain } from "wagmi";
import { useConfirm } from "@/components/ui/confirm-dialog.tsx";
import { chainInfo, tokenInfo } from "@/config/chains.ts";
import { escrowAddress } from "@/generated/contracts.ts";
import { useLocale, useT } from "@/i18n/i18n.tsx";
import type { Locale } from "@/i18n/locales.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { formatAmount } from "@/lib/format/format.ts";
import { canonicalAmount, parseAmount } from "@/lib/format/number.ts";
import { allowanceBelow, approveCall, type Call } from "@/lib/tx/allowance.ts";
import { type EscrowCall, useGasInStablecoins } from "@/lib/tx/use-gas-in-stablecoins.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { deadlinePassed } from "./countdown.tsx";
import { type Phrase, sayPhrase } from "./next-step.ts";
import { type DisputeView, mustDeposit, useDispute } from "./use-dispute.ts";
import type { Role } from "./use-order.ts";

export interface OrderAction {
  /** The button's text (translated with `vars`). */
  label: string;
  vars?: Record<string, string>;
  /** The transaction's name in its status line. */
  txLabel: string;
  className: string;
  /** Token units of the order's token the escrow must be allowed to pull first (a dispute deposit). */
  deposit?: bigint;
  /** Asked before sending: the action cannot be undone, and this is what it does to the money. */
  confirm?: ActionConfirmation;
  call: EscrowCall;
}

/** What the confirmation dialog says before an irreversible action (texts are i18n keys). */
export interface ActionConfirmation {
  title: string;
  /** What happens, the money first. */
  consequences: Phrase[];
  confirmLabel: string;
  danger?: boolean;
}

const IRREVERSIBLE: Phrase = { text: "This cannot be undone." };

/** What paying the seller the whole order gives it: the amount less the protocol fee (stakes.protocolFee, 0 when fees are off). */
function paySellerPhrase(
  { order, stakes = null }: Pick<OrderDetail, "order"> & Partial<Pick<OrderDetail, "stakes">>,
  locale: Locale,
): Phrase {
  const amount = (units: bigint) => formatAmount(order.chainId, order.token, units, locale);
  const total = BigInt(order.amount);
  const fee = BigInt(stakes?.protocolFee ?? 0);
  return {
    text: "The escrow pays the seller {net}: the order's {amount} less the {fee} service fee.",
    vars: { net: amount(total - fee), amount: amount(total), fee: amount(fee) },
  };
}

/** The buyer's confirmation of receipt (sent from the delivery panel, once the delivery checks out). */
export const receiptConfirmation = (
  detail: Pick<OrderDetail, "order"> & Partial<Pick<OrderDetail, "stakes">>,
  locale: Locale = "en",
): ActionConfirmation => ({
  title: "Confirm receipt and pay the seller?",
  consequences: [paySellerPhrase(detail, locale), { text: "The order is complete: you can no longer open a dispute." }, IRREVERSIBLE],
  confirmLabel: "Confirm receipt",
});

/** The dialog request for a confirmation, in the reader's language. */
export const confirmRequestOf = (t: (text: string, vars?: Record<string, string>) => string, confirm: ActionConfirmation) => ({
  title: t(confirm.title),
  consequences: confirm.consequences.map((p) => createElement("p", { key: p.text }, sayPhrase(t, p))),
  confirmLabel: t(confirm.confirmLabel),
  danger: confirm.danger,
});

/**
 * The actions the order's state, the caller's role and the chain's clock (`now`, unix seconds)
 * allow, in button order. `dispute` is the live dispute on chain (null until read or when none);
 * `fee` what opening a dispute would ask as a deposit.
 */
export function orderActionsFor(
  { order, stakes = null }: Pick<OrderDetail, "order"> & Partial<Pick<OrderDetail, "stakes">>,
  role: Role,
  now: number,
  { dispute = null, fee, locale = "en" }: { dispute?: DisputeView | null; fee?: bigint; locale?: Locale } = {},
): OrderAction[] {
  const chainId = order.chainId;
  const id = BigInt(order.orderId);
  const party = role === "buyer" || role === "seller";
  const passed = deadlinePassed(order.deadline, now);
  const amount = (units: bigint) => formatAmount(chainId, order.token, units, locale);
  const total = BigInt(order.amount);
  // The fee the escrow takes from the seller when it is paid the whole order (0 when fees are off).
  const protocolFee = BigInt(stakes?.protocolFee ?? 0);
  const paySeller = paySellerPhrase({ order, stakes }, locale);
  const refundBuyer: Phrase = { text: "The escrow returns the whole {amount} to the buyer.", vars: { amount: amount(total) } };
  const actions: OrderAction[] = [];
  const add = (action: Omit<OrderAction, "className"> & { className?: string }) => actions.push({ className: "button", ...action });
  const openDispute = () => {
    if (fee === undefined) return;
    add({
      label: "Open dispute (deposit {fee})",
      vars: { fee: amount(fee) },
      txLabel: "Open dispute",
      className: "button danger",
      deposit: fee,
      confirm: {
        title: "Open a dispute?",
        consequences: [
          {
            text: "You pay a deposit of {fee} now; the order's {amount} stays in the escrow.",
            vars: { fee: amount(fee), amount: amount(total) },
          },
          // What winning by default pays the opener: the order (the seller: less the fee) and its deposit.
          role === "buyer" || role === "seller"
            ? stakes
              ? {
                  text: "The {other} must pay the same deposit before its deadline, or you win by default and receive {wins} (your deposit included).",
                  vars: { wins: amount(BigInt(stakes[role].ifWins)) },
                  sides: { other: role === "seller" ? "buyer" : "seller" },
                }
              : {
                  text: "The {other} must pay the same deposit before its deadline, or you win by default: you get the order's money and your deposit back.",
                  sides: { other: role === "seller" ? "buyer" : "seller" },
                }
            : { text: "The other side must pay the same deposit before its deadline, or lose by default." },
          { text: "Otherwise an arbitrator decides: the winner gets its deposit back, and the loser's deposit pays the arbitrator." },
          IRREVERSIBLE,
        ],
        confirmLabel: "Open the dispute",
        danger: true,
      },
      call: { functionName: "openDispute", args: [id] },
    });
  };
  if (order.status === "Created") {
    if (party)
      add({
        label: "Cancel order",
        txLabel: "Cancel order",
        className: "button secondary",
        confirm: {
          title: "Cancel this order?",
          consequences: [refundBuyer, { text: "The order ends and the seller cannot deliver it." }, IRREVERSIBLE],
          confirmLabel: "Cancel the order",
          danger: true,
        },
        call: { functionName: "cancelOrder", args: [id] },
      });
    // Before delivery only the buyer may dispute: the seller can confirm or cancel instead.
    if (role === "buyer" && !passed) openDispute();
    if (passed)
      add({
        label: "Claim refund (seller missed the window)",
        txLabel: "Claim refund",
        confirm: {
          title: "Claim the refund?",
          consequences: [{ text: "The seller missed the delivery deadline." }, refundBuyer, { text: "The order ends." }, IRREVERSIBLE],
          confirmLabel: "Refund the buyer",
        },
        call: { functionName: "expireOrder", args: [id] },
      });
  }
  if (order.status === "SellerConfirmed") {
    if (party && !passed) openDispute();
    if (passed)
      add({
        label: "Release payment (buyer window passed)",
        txLabel: "Release payment",
        confirm: {
          title: "Release the payment?",
          consequences: [
            { text: "The buyer's time to check the delivery has ended." },
            paySeller,
            { text: "The order ends." },
            IRREVERSIBLE,
          ],
          confirmLabel: "Pay the seller",
        },
        call: { functionName: "autoRelease", args: [id] },
      });
  }
  if (order.status === "Disputed" && dispute)
    disputeActions(add, id, chainId, role, now, dispute, amount, { total, protocolFee, bps: order.protocolFeeBps, paySeller, refundBuyer });
  return actions;
}

function disputeActions(
  add: (action: Omit<OrderAction, "className"> & { className?: string }) => void,
  id: bigint,
  chainId: number,
  role: Role,
  now: number,
  dispute: DisputeView,
  amount: (units: bigint) => string,
  figures: { total: bigint; protocolFee: bigint; bps: number; paySeller: Phrase; refundBuyer: Phrase },
) {
  const party = role === "buyer" || role === "seller";
  switch (dispute.phase) {
    case "AwaitingDeposit":
      if (mustDeposit(dispute, role))
        add({
          label: "Pay the deposit ({fee})",
          vars: { fee: amount(dispute.fee) },
          txLabel: "Pay the dispute deposit",
          className: "button danger",
          deposit: dispute.fee,
          confirm: {
            title: "Pay the dispute deposit?",
            consequences: [
              { text: "You pay a deposit of {fee}; then an arbitrator is drawn to decide.", vars: { fee: amount(dispute.fee) } },
              {
                text: "If you win, you receive {wins} (your deposit included). If you lose, your deposit pays the arbitrator.",
                vars: { wins: amount(dispute.stakes[dispute.responder].ifWins) },
              },
              IRREVERSIBLE,
            ],
            confirmLabel: "Pay the deposit",
            danger: true,
          },
          call: { functionName: "payDisputeFee", args: [id] },
        });
      if (dispute.deadlinePassed)
        add({
          label:
            dispute.opener === "buyer"
              ? "Close the unanswered dispute: the buyer wins by default"
              : "Close the unanswered dispute: the seller wins by default",
          txLabel: "Close the unanswered dispute",
          className: "button secondary",
          confirm: {
            title: "Close the dispute?",
            consequences: [
              {
                text: "The {responder} did not pay its deposit in time, so the {opener} wins by default and receives {wins}.",
                vars: { wins: amount(dispute.stakes[dispute.opener].ifWins) },
                sides: { responder: dispute.responder, opener: dispute.opener },
              },
              { text: "The order ends." },
              IRREVERSIBLE,
            ],
            confirmLabel: "Close the dispute",
          },
          call: { functionName: "resolveUnanswered", args: [id] },
        });
      break;
    case "Drawing":
      if (dispute.canDraw)
        add({
          label: "Draw the arbitrator",
          txLabel: "Draw the arbitrator",
          className: "button secondary",
          call: { functionName: "drawArbitrator", args: [id] },
        });
      else if (dispute.fallbackAt !== null && now > dispute.fallbackAt) {
        const value = dispute.escalationCost;
        add(
          dispute.escalatesToFallback
            ? {
                label: "Hand the case to the fallback arbitrator",
                txLabel: "Escalate to the fallback arbitrator",
                className: "button secondary",
                confirm: {
                  title: "Hand the case to the fallback arbitrator?",
                  consequences: [
                    {
                      text: "You pay the fallback arbitrator's fee of {cost} from your wallet; it then decides who gets the order's money.",
                      vars: { cost: `${formatEther(value)} ${chainInfo(chainId)?.chain.nativeCurrency.symbol ?? "ETH"}` },
                    },
                    IRREVERSIBLE,
                  ],
                  confirmLabel: "Pay and hand over the case",
                },
                call: { functionName: "escalate", args: [id], value },
              }
            : {
                label:
                  dispute.timeoutWinner === "buyer"
                    ? "End the dispute as the timeout would: the buyer is refunded, deposits returned"
                    : "End the dispute as the timeout would: the seller is paid, deposits returned",
                txLabel: "End the dispute with the timeout outcome",
                className: "button secondary",
                confirm: {
                  title: "End the dispute?",
                  consequences: [
                    dispute.timeoutWinner === "buyer" ? figures.refundBuyer : figures.paySeller,
                    { text: "Both deposits are returned." },
                    IRREVERSIBLE,
                  ],
                  confirmLabel: "End the dispute",
                },
                call: { functionName: "escalate", args: [id], value: 0n },
              },
        );
      }
      break;
    case "Ruling":
      // The arbitrator's two rulings live in the dispute panel (use-ruling.ts): they wait until the
      // case can be read and take a written reason. After the window it can only be replaced.
      if (dispute.deadlinePassed)
        add({
          label: "Replace the late arbitrator",
          txLabel: "Replace the arbitrator",
          className: "button secondary",
          call: { functionName: "replaceArbitrator", args: [id] },
        });
      break;
    default:
      // Escalated: the fallback arbitrator rules; nothing for anyone else to send.
      break;
  }
  const offer = dispute.offer;
  if (party && offer) {
    if (offer.proposedBy === role)
      add({
        label: "Withdraw your offer",
        txLabel: "Withdraw the settlement offer",
        className: "button secondary",
        call: { functionName: "withdrawSettlement", args: [id] },
      });
    // The other party may accept a standing offer, and only while it has not lapsed.
    else if (offer.lapsed === null) {
      const buyerAmount = offer.buyerAmount;
      const sellerAmount = figures.total - buyerAmount;
      // The escrow takes the order's fee rate from the seller's share; it takes none when fees are
      // off, which the fee on the whole order (0 then) tells.
      const sellerFee = protocolFeeOf(sellerAmount, BigInt(figures.bps), figures.protocolFee > 0n);
      add({
        label: "Accept the offer: {buyer} to the buyer",
        vars: { buyer: amount(buyerAmount) },
        txLabel: "Accept settlement",
        confirm: {
          title: "Accept the settlement?",
          consequences: [
            {
              text: "The dispute ends now: the buyer receives {buyer}, and the seller {seller} ({share} less the {fee} service fee).",
              vars: {
                buyer: amount(buyerAmount),
                seller: amount(sellerAmount - sellerFee),
                share: amount(sellerAmount),
                fee: amount(sellerFee),
              },
            },
            { text: "Both deposits are returned." },
            IRREVERSIBLE,
          ],
          confirmLabel: "Accept the settlement",
        },
        call: { functionName: "acceptSettlement", args: [id, buyerAmount] },
      });
    }
  }
}

/** Default lifetime of a settlement offer, in hours: long enough to be read, short enough not to go stale. */
export const DEFAULT_OFFER_HOURS = "24";

/** The settlement form's input as the escrow takes it, or the reason it cannot be sent. */
export function settlementProposal(
  input: { buyerAmount: string; hours: string },
  { decimals, orderAmount, now, locale = "en" }: { decimals: number; orderAmount: bigint; now: number; locale?: Locale },
): { buyerAmount: bigint; expiresAt: bigint } | { problem: string } {
  // Typed in the reader's digits and marks (lib/format/number.ts); empty means nothing to the buyer.
  const buyerAmount = parseAmount(input.buyerAmount.trim() || "0", locale, decimals);
  if (buyerAmount === undefined) return { problem: "The amount is not valid." };
  if (buyerAmount < 0n || buyerAmount > orderAmount) return { problem: "The buyer's share cannot exceed the order amount." };
  const hours = Number(canonicalAmount(input.hours, locale) ?? Number.NaN);
  if (!Number.isFinite(hours) || hours <= 0) return { problem: "The offer must stay open for some time." };
  return { buyerAmount, expiresAt: BigInt(now + Math.round(hours * 3_600)) };
}

export function useOrderActions(detail: OrderDetail, role: Role) {
  const { order } = detail;
  const t = useT();
  const { ask, dialogProps } = useConfirm();
  const chainId = order.chainId;
  const config = useConfig();
  const tx = useTransaction(chainId);
  // The contract judges the windows by the chain's clock; this panel alone re-renders as it ticks.
  const now = useChainNow(chainId);
  const dispute = useDispute(detail, now);
  const queryClient = useQueryClient();
  const { address, chainId: walletChainId } = useAccount();
  const locale = useLocale();
  const { switchChainAsync } = useSwitchChain();
  // A wallet that pays gas in stablecoins pays it in the order's token.
  const gas = useGasInStablecoins(chainId);
  const [offer, setOffer] = useState("");
  const [offerHours, setOfferHours] = useState(DEFAULT_OFFER_HOURS);
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const token = tokenInfo(chainId, order.token);
  const party = role === "buyer" || role === "seller";
  const escrow = escrowAddress[chainId];

  const orderToken = order.token as Address;

  /** The approval of a deposit the escrow needs first, when the allowance is short of it. */
  const depositApproval = async (deposit: bigint | undefined): Promise<Call | null> => {
    if (!address || !escrow || !deposit) return null;
    const short = await allowanceBelow(config, { chainId, token: orderToken, owner: address, spender: escrow, amount: deposit });
    return short ? approveCall(orderToken, escrow, deposit) : null;
  };

  /**
   * Switches to the order's chain, sends the call (with the deposit's approval first when the
   * allowance is short), then refreshes the order; a failure shows in the status line. With gas in
   * stablecoins both go in one batch; otherwise each is a transaction of its own.
   */
  const run = async (label: string, call: EscrowCall, deposit?: bigint) => {
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      const approve = await depositApproval(deposit);
      await gas.sendEscrow(tx, label, call, orderToken, approve ? [{ label: "Approve the deposit", call: approve }] : []);
      await queryClient.invalidateQueries({ queryKey: queryKeys.order(chainId, order.orderId) });
    } catch {
      // shown by TxStatus
    }
  };

  /** Sends the action once its confirmation, if it asks one, is given. */
  const confirmThenRun = async (action: OrderAction) => {
    const { confirm } = action;
    if (confirm) {
      if ((await ask(confirmRequestOf(t, confirm))) === null) return;
    }
    await run(action.txLabel, action.call, action.deposit);
  };

  return {
    actions: orderActionsFor(detail, role, now, { dispute: dispute.view, fee: dispute.fee, locale }).map((action) => ({
      ...action,
      run: () => void confirmThenRun(action),
    })),
    /** The confirmation dialog's props (render one <ConfirmDialog> with them). */
    confirmDialog: dialogProps,
    now,
    dispute: dispute.view,
    /** The deposit a dispute asks of each side (what opening one would ask now, before one). */
    disputeFee: dispute.fee,
    /** The disputed order's token, when a party may propose a settlement in it. */
    settlementToken: order.status === "Disputed" && party ? token : undefined,
    offer,
    setOffer,
    offerHours,
    setOfferHours,
    formProblem,
    proposeSettlement: () => {
      if (!token) return;
      const proposal = settlementProposal(
        { buyerAmount: offer, hours: offerHours },
        { decimals: token.decimals, orderAmount: BigInt(order.amount), now, locale },
      );
      if ("problem" in proposal) return setFormProblem(proposal.problem);
      setFormProblem(null);
      void run("Propose settlement", {
        functionName: "proposeSettlement",
        args: [BigInt(order.orderId), proposal.buyerAmount, proposal.expiresAt],
      });
    },
    busy: tx.state.stage === "signing" || tx.state.stage === "pending",
    tx: tx.state,
  };
}
