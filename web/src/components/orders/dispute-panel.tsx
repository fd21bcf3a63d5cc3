"use client";
// The dispute at a glance (the logic: use-dispute.ts): its phase and deadline, each side's deposit
// and what it stands to gain or lose, the standing offer and its expiry, the arbitrator's ruling
// (use-ruling.ts: only once the whole case can be read, confirmed, with a written reason), and once
// it is over, a summary: how it ended, who was paid what, the fees and the reasons.
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { ConfirmDialog, useConfirm } from "@/components/ui/confirm-dialog.tsx";
import { TableWrap } from "@/components/ui/table-wrap.tsx";
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { Countdown } from "./countdown.tsx";
import { reasonsForRuling } from "./ruling-reason.ts";
import { useEvidenceList } from "./use-case-keys.ts";
import {
  type DisputeOutcome,
  type DisputePhase,
  type DisputeView,
  disputeOutcomeOf,
  mustDeposit,
  type Resolution,
  useDispute,
} from "./use-dispute.ts";
import type { Role } from "./use-order.ts";
import { rulingConfirmation, rulingMoney, useRuling } from "./use-ruling.ts";

/** What each phase of the Solidity enum `DisputePhase` means to a reader. */
export const PHASE_LABEL: Record<DisputePhase, string> = {
  AwaitingDeposit: "Waiting for the other side's deposit",
  Drawing: "Drawing an arbitrator",
  Ruling: "The arbitrator is ruling",
  Escalated: "With the fallback arbitrator",
};

/** The countdown's label in each phase that has a deadline. */
const PHASE_DEADLINE: Partial<Record<DisputePhase, string>> = {
  AwaitingDeposit: "The deposit is due within",
  Drawing: "An arbitrator must be drawn within",
  Ruling: "Arbitrator must rule within",
};

/** How a dispute ended: the Solidity enum `Resolution`, and a settlement. */
export const RESOLUTION_LABEL: Record<Resolution | "Settlement", string> = {
  Arbitrator: "Ruled by the drawn arbitrator",
  Default: "Won by default: the other side never matched the deposit",
  FallbackArbitrator: "Ruled by the fallback arbitrator",
  Timeout: "Nobody could rule: the order's timeout outcome, deposits returned",
  Settlement: "Settled by agreement, deposits returned",
};

const PARTIES = ["buyer", "seller"] as const;

/** The order's dispute: live while it runs, its outcome once closed, nothing for an order never disputed. */
export function DisputePanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const { order } = detail;
  const now = useChainNow(order.chainId);
  const { view } = useDispute(detail, now);
  const outcome = disputeOutcomeOf(detail);
  if (view)
    return (
      <>
        <LiveDispute order={order} view={view} role={role} now={now} />
        {role === "arbitrator" && <RulingActions detail={detail} view={view} />}
      </>
    );
  if (outcome) return <OutcomeWithReasons detail={detail} outcome={outcome} participant={role !== null} />;
  return null;
}

/** What the ruling waits for, in the arbitrator's words. */
const GAP_LABEL = {
  loading: "Loading the case…",
  conversation: "You cannot rule yet: the conversation's key has not reached you. It is shared with you automatically as soon as possible.",
  evidence: "You cannot rule yet: some evidence has not been shared with you. It is shared with you automatically as soon as possible.",
} as const;

/** The drawn arbitrator's two rulings, enabled once the whole case can be read. */
function RulingActions({ detail, view }: { detail: OrderDetail; view: DisputeView }) {
  const t = useT();
  const { order } = detail;
  const ruling = useRuling(detail, view, true);
  const confirm = useConfirm();
  const { formatAmount } = useFormat();
  if (!ruling.mayRule) return null;
  const amount = (units: bigint) => formatAmount(order.chainId, order.token, units);
  const ask = async (winner: "buyer" | "seller") => {
    const money = rulingMoney(view, winner);
    const consequences = (
      <ul>
        <li>
          {t(
            winner === "buyer"
              ? "The buyer receives {amount}: the refund and its deposit back."
              : "The seller receives {amount}: the payment and its deposit back.",
            {
              amount: amount(money.winnerReceives),
            },
          )}
        </li>
        <li>
          {t(
            winner === "buyer"
              ? "The seller loses its deposit of {fee}: it pays your arbitrator's fee."
              : "The buyer loses its deposit of {fee}: it pays your arbitrator's fee.",
            {
              fee: amount(money.loserLoses),
            },
          )}
        </li>
        <li>{t("Your reason is sealed to both parties and recorded on chain before the ruling. A ruling cannot be undone.")}</li>
      </ul>
    );
    const reason = await confirm.ask(rulingConfirmation(winner, consequences, t));
    if (reason) await ruling.rule(winner, reason);
  };
  return (
    <section className="panel" aria-labelledby="ruling-heading" data-testid="ruling">
      <h2 id="ruling-heading">{t("Your ruling")}</h2>
      {ruling.gap && (
        <p className="notice" data-testid="ruling-waits" role="status">
          {t(GAP_LABEL[ruling.gap])}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button" disabled={ruling.gap !== null || ruling.busy} onClick={() => void ask("buyer")}>
          {t("Rule for the buyer (refund)")}
        </button>
        <button type="button" className="button" disabled={ruling.gap !== null || ruling.busy} onClick={() => void ask("seller")}>
          {t("Rule for the seller (pay)")}
        </button>
      </div>
      <TxStatus state={ruling.evidenceTx} chainId={order.chainId} />
      <TxStatus state={ruling.tx} chainId={order.chainId} />
      <ConfirmDialog {...confirm.dialogProps} />
    </section>
  );
}

/** The outcome, with the arbitrator's reasons read from the evidence (participants only: it is sealed). */
function OutcomeWithReasons({ detail, outcome, participant }: { detail: OrderDetail; outcome: DisputeOutcome; participant: boolean }) {
  const { order } = detail;
  const evidence = useEvidenceList(order, participant && outcome.winner !== null);
  const reasons = reasonsForRuling(evidence.data?.items ?? [], order.arbitrator, outcome.winner);
  return <Outcome order={order} outcome={outcome} reasons={reasons} />;
}

/** A dispute in progress, as `view` describes it at the chain's time `now`. */
export function LiveDispute({ order, view, role, now }: { order: OrderDetail["order"]; view: DisputeView; role: Role; now: number }) {
  const t = useT();
  const { formatAmount, formatDate } = useFormat();
  const amount = (units: bigint) => formatAmount(order.chainId, order.token, units);
  const label = PHASE_LABEL[view.phase];
  const deadlineLabel = PHASE_DEADLINE[view.phase];
  return (
    <section className="panel" aria-labelledby="dispute-heading" data-testid="dispute">
      <h2 id="dispute-heading">{t("Dispute")}</h2>
      <p>
        {t("Phase")}: <strong data-testid="dispute-phase">{t(label)}</strong>
        {view.round > 0 && <span className="muted"> · {t("round {n}", { n: view.round + 1 })}</span>}
      </p>
      {view.deadline !== null && deadlineLabel && <Countdown deadline={view.deadline} label={deadlineLabel} now={now} />}
      {view.phase === "AwaitingDeposit" && view.deadline !== null && (
        <p
          className={mustDeposit(view, role) ? "notice error" : "notice"}
          data-testid="deposit-due"
          role={mustDeposit(view, role) ? "alert" : undefined}
        >
          {mustDeposit(view, role)
            ? t("You must deposit {fee} by {date} or lose by default.", { fee: amount(view.fee), date: formatDate(view.deadline) })
            : t(
                view.responder === "buyer"
                  ? "The buyer must deposit {fee} by {date} or lose by default."
                  : "The seller must deposit {fee} by {date} or lose by default.",
                {
                  fee: amount(view.fee),
                  date: formatDate(view.deadline),
                },
              )}
        </p>
      )}
      {view.phase === "Drawing" && view.fallbackAt !== null && (
        <p className="muted" data-testid="fallback-deadline">
          {view.timeoutAt !== null
            ? t(
                "If nobody is drawn by {date}, the fallback arbitrator may take the case; if nobody escalates to it by {timeout}, the order's timeout outcome applies.",
                {
                  date: formatDate(view.fallbackAt),
                  timeout: formatDate(view.timeoutAt),
                },
              )
            : t("If nobody is drawn by {date}, the dispute ends with the order's timeout outcome, deposits returned.", {
                date: formatDate(view.fallbackAt),
              })}
        </p>
      )}
      {view.phase === "Escalated" && <p className="muted">{t("The fallback arbitrator has the case and will rule on it.")}</p>}
      <TableWrap label={t("Deposits")}>
        <table data-testid="dispute-deposits">
          <caption>
            {t("Deposits: each side pays {fee}; the winner gets it back, the loser's pays the arbitrator.", { fee: amount(view.fee) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("Party")}</th>
              <th scope="col">{t("Deposit")}</th>
              <th scope="col">{t("If it wins, receives")}</th>
              <th scope="col">{t("If it loses, loses")}</th>
            </tr>
          </thead>
          <tbody>
            {PARTIES.map((party) => (
              <tr key={party} data-testid={`deposit-${party}`}>
                <th scope="row">
                  {t(party === "buyer" ? "Buyer" : "Seller")}
                  {role === party && <span className="muted"> ({t("You")})</span>}
                </th>
                <td>{view.deposited[party] ? t("paid {fee}", { fee: amount(view.fee) }) : t("not paid yet")}</td>
                <td>{amount(view.stakes[party].ifWins)}</td>
                <td>
                  {view.deposited[party]
                    ? amount(view.stakes[party].ifLoses)
                    : t(party === "buyer" ? "the refund, by default" : "the payment, by default")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {view.offer && (
        <div data-testid="settlement-offer">
          <p>
            {t("Standing offer: {buyer} to the buyer, the rest to the seller.", { buyer: amount(view.offer.buyerAmount) })}{" "}
            <span className="muted">{t(view.offer.proposedBy === "buyer" ? "(offered by the buyer)" : "(offered by the seller)")}</span>
          </p>
          {view.offer.lapsed === null ? (
            <Countdown deadline={view.offer.expiresAt} label="The offer expires within" now={now} />
          ) : (
            <p className="muted" data-testid="offer-lapsed">
              {t(
                view.offer.lapsed === "expired"
                  ? "This offer lapsed: it expired on {date}."
                  : "This offer lapsed: the dispute moved on since it was made.",
                {
                  date: formatDate(view.offer.expiresAt),
                },
              )}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/** How a closed dispute ended, who was paid what, the fees, and the reasons. */
export function Outcome({
  order,
  outcome,
  reasons = [],
}: {
  order: OrderDetail["order"];
  outcome: DisputeOutcome;
  reasons?: { uri: string; reason: string }[];
}) {
  const t = useT();
  const { formatAmount } = useFormat();
  const amount = (units: bigint) => formatAmount(order.chainId, order.token, units);
  return (
    <section className="panel" aria-labelledby="outcome-heading" data-testid="dispute-outcome">
      <h2 id="outcome-heading">{t("Dispute outcome")}</h2>
      <p>
        <strong data-testid="dispute-resolution">{t(RESOLUTION_LABEL[outcome.resolution])}</strong>
        {outcome.winner && <span> · {t(outcome.winner === "buyer" ? "for the buyer" : "for the seller")}</span>}
      </p>
      <dl className="facts">
        <dt>{t("Paid to the buyer")}</dt>
        <dd data-testid="outcome-buyer">{amount(outcome.buyerPaid)}</dd>
        <dt>{t("Paid to the seller")}</dt>
        <dd data-testid="outcome-seller">{amount(outcome.sellerPaid)}</dd>
        {outcome.arbitratorFee > 0n && (
          <>
            <dt>{t("Arbitrator's fee (the loser's deposit)")}</dt>
            <dd data-testid="outcome-arbitrator">{amount(outcome.arbitratorFee)}</dd>
          </>
        )}
        {outcome.protocolFee > 0n && (
          <>
            <dt>{t("Protocol fee")}</dt>
            <dd>{amount(outcome.protocolFee)}</dd>
          </>
        )}
      </dl>
      {reasons.length > 0 && (
        <div data-testid="outcome-reasons">
          <h3>{t("The arbitrator's reason")}</h3>
          {reasons.map(({ uri, reason }) => (
            <p key={uri} dir="auto" className="reason" data-testid="outcome-reason">
              {reason}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
