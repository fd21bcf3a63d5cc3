// An order disputed by the buyer before delivery, as GET /orders/:chainId/:orderId shows it: the
// fixture of the dispute tests, with the dispute's fields patched per test.
import type { OrderDetail } from "@/lib/api/types.ts";

const T0 = 1_800_000_000;
const DAY = 86_400;

export const DISPUTE = {
  BUYER: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  SELLER: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
  ARBITRATOR: "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
  FALLBACK: "0x00000000000000000000000000000000000000fb",
  /** A token the app does not know, so amounts show as units. */
  TOKEN: "0x00000000000000000000000000000000000000aa",
  AMOUNT: 12_500_000n,
  FEE: 2_000_000n,
  /** The fixture's protocol fee (0.5%, unless a test sets another rate) on the whole order. */
  PROTOCOL_FEE: 62_500n,
  T0,
  DAY,
} as const;

type Dispute = NonNullable<OrderDetail["dispute"]>;
type Detail = Pick<OrderDetail, "order" | "dispute" | "stakes" | "windows">;
const { BUYER, SELLER, TOKEN, AMOUNT, FEE } = DISPUTE;

/** An order disputed by the buyer before delivery, its dispute as the API shows it with `patch` applied. */
export function disputedOrder(patch: Partial<Dispute> = {}, orderPatch: Partial<OrderDetail["order"]> = {}, protocolFeeBps = 50): Detail {
  const dispute: Dispute = {
    openedBy: BUYER,
    openedAt: String(T0),
    phase: "AwaitingDeposit",
    phaseSince: String(T0),
    step: 1,
    deadline: String(T0 + 2 * DAY),
    fee: String(FEE),
    buyerDeposited: true,
    sellerDeposited: false,
    responseDeadline: String(T0 + 2 * DAY),
    feePaidAt: null,
    round: 0,
    arbitrator: null,
    assignedAt: null,
    replacedArbitrators: [],
    fallbackAt: null,
    fallbackArbitrator: null,
    fallbackDisputeId: null,
    escalatedAt: null,
    offer: null,
    due: null,
    resolution: null,
    ruling: null,
    buyerPaid: null,
    sellerPaid: null,
    arbitratorFee: null,
    protocolFee: null,
    closedAt: null,
    blockNumber: "9",
    ...patch,
  };
  const protocolFee = (AMOUNT * BigInt(protocolFeeBps)) / 10_000n;
  const side = (deposited: boolean, winnings: bigint) => ({
    deposit: String(FEE),
    deposited,
    dueBy: deposited ? null : dispute.responseDeadline,
    ifWins: String(winnings + FEE),
    ifLoses: String(FEE),
  });
  return {
    order: {
      chainId: 31337,
      orderId: "7",
      buyer: BUYER,
      seller: SELLER,
      arbitrator: dispute.arbitrator,
      token: TOKEN,
      amount: String(AMOUNT),
      protocolFeeBps,
      status: "Disputed",
      deadline: dispute.deadline,
      deliveryConfirmedAt: null,
      ...orderPatch,
    } as OrderDetail["order"],
    dispute,
    stakes: {
      fee: String(FEE),
      protocolFee: String(protocolFee),
      buyer: side(dispute.buyerDeposited, AMOUNT),
      seller: side(dispute.sellerDeposited, AMOUNT - protocolFee),
    },
    windows: {
      seller: String(3 * DAY),
      buyer: String(3 * DAY),
      response: String(2 * DAY),
      draw: String(DAY),
      arbitration: String(7 * DAY),
    },
  };
}
