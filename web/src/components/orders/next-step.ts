// "What happens next" for the person looking at an order: from its state, their part in it and the
// chain's clock, what they can do now, what the other side must do, and the deadline that runs.
// Pure, so every state × role is tested (web/test/next-step.test.ts); <NextStepBanner> renders it.
import type { OrderStatus } from "@p2p-escrow/contracts/order-status";
import type { OrderDetail } from "@/lib/api/types.ts";
import type { GlossaryKey } from "@/lib/glossary.ts";
import { disputeOutcomeOf } from "./use-dispute.ts";
import type { Role } from "./use-order.ts";

/** An English text (the i18n key) and its placeholders' values. */
export interface Phrase {
  text: string;
  vars?: Record<string, string>;
  /** Placeholders that name a side: translated as the words "buyer" and "seller". */
  sides?: Record<string, Party>;
}

export interface NextStep {
  /** Whether the reader has something to do, waits on someone, or the order is over. */
  tone: "act" | "wait" | "done";
  title: Phrase;
  /** What the reader can do now (or why there is nothing). */
  you: Phrase[];
  /** What the other side (or anyone) must do, and what follows if it does not. */
  others: Phrase | null;
  /** The deadline that runs (unix seconds, the chain's clock) and its label. */
  deadline: { at: number; label: string } | null;
  /** A word of the banner that gets its explanation beside it. */
  term?: GlossaryKey;
}

type Detail = Pick<OrderDetail, "order" | "dispute" | "stakes" | "delivery">;
export type Party = "buyer" | "seller";

/** The phrase in the reader's language, given the app's `t`. */
export const sayPhrase = (t: (text: string, vars?: Record<string, string>) => string, { text, vars, sides }: Phrase) =>
  t(text, { ...vars, ...Object.fromEntries(Object.entries(sides ?? {}).map(([name, side]) => [name, t(side)])) });

const phrase = (text: string, vars?: Record<string, string>, sides?: Record<string, Party>): Phrase => ({
  text,
  ...(vars && { vars }),
  ...(sides && { sides }),
});
const other = (party: Party): Party => (party === "buyer" ? "seller" : "buyer");

/**
 * The banner for `role` (null: a visitor) on the order at unix time `now`. `amount` formats token
 * units of the order's token.
 */
export function nextStepFor(detail: Detail, role: Role, now: number, amount: (units: bigint) => string): NextStep {
  const { order } = detail;
  const status = order.status as OrderStatus;
  const party: Party | null = role === "buyer" || role === "seller" ? role : null;
  const deadline = order.deadline === null ? null : Number(order.deadline);
  const passed = deadline !== null && now > deadline;
  const total = amount(BigInt(order.amount));
  const fee = BigInt(detail.stakes?.protocolFee ?? 0);
  const sellerNet = amount(BigInt(order.amount) - fee);
  const runs = (label: string) => (deadline === null || passed ? null : { at: deadline, label });
  const watching = party === null ? [phrase("You are not a party to this order; you can follow it here.")] : [];

  switch (status) {
    case "Created":
      if (passed)
        return {
          tone: role === "buyer" ? "act" : "wait",
          title: phrase("The seller did not deliver in time"),
          you:
            role === "buyer"
              ? [phrase("Claim your refund: the escrow returns {amount} to you.", { amount: total })]
              : role === "seller"
                ? [phrase("You can no longer deliver this order. The buyer gets the {amount} back.", { amount: total })]
                : [...watching, phrase("Anyone can now return the {amount} to the buyer.", { amount: total })],
          others: role === "buyer" ? null : phrase("The buyer can claim the refund at any time."),
          deadline: null,
          term: "escrow",
        };
      if (role === "seller")
        return {
          tone: "act",
          title: phrase("New order: deliver it"),
          you: [
            phrase("Deliver the item below and confirm the delivery on chain before the deadline."),
            phrase("If you cannot, cancel the order: the buyer gets the {amount} back.", { amount: total }),
          ],
          others: phrase("The buyer has paid {amount}; the escrow holds it until the order ends.", { amount: total }),
          deadline: runs("Deliver within"),
          term: "escrow",
        };
      return {
        tone: "wait",
        title: role === "buyer" ? phrase("You paid: the seller delivers next") : phrase("Waiting for the seller to deliver"),
        you:
          role === "buyer"
            ? [
                phrase("Your {amount} is held by the escrow, not by the seller.", { amount: total }),
                phrase("You can cancel for a full refund while nothing is delivered, or open a dispute if something is wrong."),
              ]
            : watching,
        others: phrase("The seller must deliver before the deadline; otherwise the buyer can take the money back."),
        deadline: runs("The seller must deliver within"),
        term: "escrow",
      };

    case "SellerConfirmed": {
      const uploaded = detail.delivery?.postedAt != null;
      if (passed)
        return {
          tone: role === "seller" ? "act" : "wait",
          title: phrase("The buyer's time to check has ended"),
          you:
            role === "seller"
              ? [
                  phrase("Release the payment to yourself: {net} ({amount} less the {fee} fee).", {
                    net: sellerNet,
                    amount: total,
                    fee: amount(fee),
                  }),
                ]
              : role === "buyer"
                ? [phrase("You can no longer open a dispute; the seller will be paid.")]
                : [...watching, phrase("Anyone can now release the payment to the seller.")],
          others: role === "seller" ? null : phrase("The seller (or anyone) can release the payment now."),
          deadline: null,
        };
      if (role === "buyer")
        return {
          tone: "act",
          title: phrase("Delivered: check it, then confirm"),
          you: [
            uploaded
              ? phrase("Open the delivery below and check it against what you paid for.")
              : phrase("The seller has confirmed on chain; the delivery itself appears here once uploaded."),
            phrase("If it is right, confirm receipt: the seller is paid. If not, open a dispute before the deadline."),
          ],
          others: phrase("If you do nothing before the deadline, the seller can take the payment."),
          deadline: runs("Confirm or dispute within"),
        };
      return {
        tone: role === "seller" && !uploaded ? "act" : "wait",
        title: role === "seller" ? phrase("Delivered: waiting for the buyer") : phrase("Delivered: the buyer is checking it"),
        you:
          role === "seller"
            ? [
                uploaded
                  ? phrase("Nothing to do now.")
                  : phrase("Finish the delivery below: the buyer cannot open it until it is uploaded."),
                phrase("After the deadline you can release the payment yourself: {net} after the {fee} fee.", {
                  net: sellerNet,
                  fee: amount(fee),
                }),
              ]
            : watching,
        others: phrase("The buyer must confirm receipt or open a dispute before the deadline."),
        deadline: runs("The buyer must confirm or dispute within"),
      };
    }

    case "Disputed":
      return disputedStep(detail, role, party, now, amount);

    default:
      return closedStep(detail, role, status, amount);
  }
}

function disputedStep(detail: Detail, role: Role, party: Party | null, now: number, amount: (units: bigint) => string): NextStep {
  const { order, dispute } = detail;
  // An arbitrator not (or no longer) deciding this dispute reads it as a visitor does.
  const watching = party === null ? [phrase("You are not a party to this order; you can follow it here.")] : [];
  if (!dispute) return { tone: "wait", title: phrase("A dispute was opened"), you: watching, others: null, deadline: null };
  const opener: Party = dispute.openedBy === order.buyer ? "buyer" : "seller";
  const responder = other(opener);
  const deadline = dispute.deadline === null ? null : Number(dispute.deadline);
  const passed = deadline !== null && now > deadline;
  const runs = (label: string) => (deadline === null || passed ? null : { at: deadline, label });
  const deposit = amount(BigInt(dispute.fee));
  const offer = dispute.offer;
  const offerOpen = offer && !offer.lapsed && now <= Number(offer.expiresAt);
  const settle: Phrase[] = [];
  if (party && offerOpen) {
    const by: Party = offer.proposer === order.buyer ? "buyer" : "seller";
    settle.push(
      by === party
        ? phrase("Your settlement offer stands: {buyer} to the buyer, the rest to the seller.", {
            buyer: amount(BigInt(offer.buyerAmount)),
          })
        : phrase(
            "The {by} offers a settlement: {buyer} to the buyer, the rest to the seller. Accepting it ends the dispute now.",
            { buyer: amount(BigInt(offer.buyerAmount)) },
            { by },
          ),
    );
  } else if (party)
    settle.push(phrase("You can still propose a settlement: if the other side accepts, the dispute ends and both deposits come back."));

  switch (dispute.phase) {
    case "AwaitingDeposit":
      if (passed)
        return {
          tone: party ? "act" : "wait",
          title: phrase("The {responder} did not pay the deposit in time", undefined, { responder }),
          you:
            party === opener
              ? [phrase("Close the dispute: you win by default.")]
              : party === responder
                ? [phrase("The {opener} wins by default once the dispute is closed.", undefined, { opener })]
                : [...watching, phrase("Anyone can close the dispute; the {opener} wins by default.", undefined, { opener })],
          others: null,
          deadline: null,
          term: "disputeDeposit",
        };
      if (party === responder)
        return {
          tone: "act",
          title: phrase("The {opener} opened a dispute", undefined, { opener }),
          you: [
            phrase(
              "Pay the deposit of {fee} before the deadline to have an arbitrator decide. If you do not, the {opener} wins by default.",
              { fee: deposit },
              { opener },
            ),
            ...settle,
          ],
          others: phrase("Once both deposits are in, an arbitrator is drawn."),
          deadline: runs("Pay the deposit within"),
          term: "disputeDeposit",
        };
      return {
        tone: "wait",
        title: party === opener ? phrase("You opened a dispute") : phrase("A dispute was opened"),
        you: party === opener ? settle : watching,
        others: phrase(
          "The {responder} must match the deposit of {fee} before the deadline, or the {opener} wins by default.",
          { fee: deposit },
          { responder, opener },
        ),
        deadline: runs("The other side must pay the deposit within"),
        term: "disputeDeposit",
      };

    case "Drawing":
      return {
        tone: "wait",
        title: phrase("An arbitrator is being drawn"),
        you: passed
          ? [phrase("No arbitrator was drawn in time: anyone can now hand the case to the fallback arbitrator.")]
          : party
            ? [phrase("Nothing to do: the draw picks the arbitrator at random. Meanwhile, add your evidence."), ...settle]
            : watching,
        others: null,
        deadline: runs("The draw ends within"),
        term: "arbitratorDraw",
      };

    case "Ruling":
      if (role === "arbitrator")
        return {
          tone: passed ? "done" : "act",
          title: phrase("You are the arbitrator of this dispute"),
          you: passed
            ? [phrase("Your time to rule has passed: anyone can now replace you.")]
            : [
                phrase(
                  "Read the evidence and the conversation, then rule for the buyer (refund) or for the seller (payment), with your reasons.",
                ),
              ],
          others: phrase("Both parties wait for your ruling; they may still settle between themselves."),
          deadline: runs("Rule within"),
        };
      return {
        tone: "wait",
        title: phrase("An arbitrator is deciding"),
        you: passed
          ? [phrase("The arbitrator missed the deadline: anyone can now replace the arbitrator.")]
          : party
            ? [phrase("Add your evidence now; the arbitrator reads it before ruling."), ...settle]
            : watching,
        others: phrase("The arbitrator must rule before the deadline, or be replaced."),
        deadline: runs("The arbitrator must rule within"),
      };

    default:
      return {
        tone: "wait",
        title: phrase("The fallback arbitrator is deciding"),
        you: party ? settle : watching,
        others: phrase("No deadline runs now: the fallback arbitrator rules when it rules."),
        deadline: null,
      };
  }
}

/** The outcome of a closed order: who received what. */
function closedStep(detail: Detail, role: Role, status: OrderStatus, amount: (units: bigint) => string): NextStep {
  const { order } = detail;
  // After a dispute each side's figure includes the deposit it got back, as the outcome summary
  // below the banner counts it: one sum on the page, not two.
  const outcome = disputeOutcomeOf(detail);
  const paid = {
    buyer: amount(outcome?.buyerPaid ?? BigInt(order.paidToBuyer)),
    seller: amount(outcome?.sellerPaid ?? BigInt(order.paidToSeller)),
    fee: amount(BigInt(order.protocolFee)),
    arbitrator: amount(BigInt(order.paidToArbitrator)),
  };
  const title: Record<Exclude<OrderStatus, "Created" | "SellerConfirmed" | "Disputed">, Phrase> = {
    Completed: phrase("Completed: the seller was paid"),
    Cancelled: phrase("Cancelled: the buyer was refunded"),
    Expired: phrase("Not delivered in time: the buyer was refunded"),
    ResolvedBuyer: phrase("The dispute was decided for the buyer"),
    ResolvedSeller: phrase("The dispute was decided for the seller"),
    Settled: phrase("The dispute ended with a settlement"),
  };
  const you: Phrase[] = [phrase("The buyer received {buyer}; the seller received {seller} (after a {fee} fee).", paid)];
  if (role === "arbitrator" && BigInt(order.paidToArbitrator) > 0n) you.push(phrase("Your arbitration fee: {arbitrator}.", paid));
  if (role === "buyer" || role === "seller") you.push(phrase("Nothing more to do. You can review the other side below."));
  if ((role === "buyer" || role === "seller") && BigInt(order.credited) > 0n)
    you.push(phrase("Some of it was credited rather than sent: withdraw it from your dashboard."));
  return {
    tone: "done",
    title: title[status as keyof typeof title] ?? phrase("This order is closed"),
    you,
    others: null,
    deadline: null,
  };
}
