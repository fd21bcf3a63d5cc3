// @vitest-environment happy-dom
// What the dispute panel tells each side: who must deposit by when or lose by default, each side's
// deposit and what it stands to gain or lose, the standing offer's expiry or lapse, and once it
// is over, how it ended and who was paid what, in English and in Persian.
import { deployments } from "@p2p-escrow/contracts/deployments";
import { describe, expect, it } from "vitest";
import { LiveDispute, Outcome } from "@/components/orders/dispute-panel.tsx";
import { type ChainDispute, disputeViewOf } from "@/components/orders/use-dispute.ts";
import { fa } from "@/i18n/fa.ts";
import type { OrderDetail } from "@/lib/api/types.ts";
import { render, textOf } from "./render.tsx";

const BUYER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const SELLER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const USDT = deployments[31337].tokens.USDT.address;
const T0 = 1_800_000_000;
const DAY = 86_400;
const order = {
  chainId: 31337,
  orderId: "7",
  buyer: BUYER,
  seller: SELLER,
  token: USDT,
  amount: "12500000",
  protocolFeeBps: 0,
  status: "Disputed",
} as unknown as OrderDetail["order"];
const RULES = { drawWindow: DAY, fallbackArbitrator: null, fallbackCost: 0n, maxRounds: 3 };
const awaiting: ChainDispute = {
  phase: "AwaitingDeposit",
  phaseSince: T0,
  round: 0,
  step: 1,
  delivered: false,
  opener: BUYER,
  arbitrator: null,
  fee: 2_000_000n,
  deadline: T0 + 2 * DAY,
  offer: null,
};

describe("LiveDispute", () => {
  it("tells the other side it must deposit by the response deadline or lose by default, and shows each side's deposit", () => {
    const view = disputeViewOf(order, awaiting, RULES, T0);
    const { get } = render(<LiveDispute order={order} view={view} role="seller" now={T0} />);
    expect(textOf(get('[data-testid="dispute-phase"]'))).toBe("Waiting for the other side's deposit");
    expect(textOf(get('[data-testid="deposit-due"]'))).toMatch(/^You must deposit 2 USDT by .+ or lose by default\.$/);
    expect(get('[data-testid="deposit-due"]').getAttribute("role")).toBe("alert");
    const cells = (party: string) => [...get(`[data-testid="deposit-${party}"]`).children].map(textOf);
    expect(cells("buyer")).toEqual(["Buyer", "paid 2 USDT", "14.5 USDT", "2 USDT"]);
    expect(cells("seller")).toEqual(["Seller (You)", "not paid yet", "12.5 USDT", "the payment, by default"]);
    expect(textOf(get('[data-testid="countdown"]'))).toBe("The deposit is due within: 2d 0h");
  });

  it("tells the opener what the other side must do, in Persian too", () => {
    const view = disputeViewOf(order, awaiting, RULES, T0);
    const { get } = render(<LiveDispute order={order} view={view} role="buyer" now={T0} />, { locale: "fa", messages: fa });
    expect(textOf(get('[data-testid="deposit-due"]'))).toMatch(/^فروشنده باید تا .+ مبلغ 2 USDT را بسپارد، وگرنه به‌طور پیش‌فرض می‌بازد\.$/);
    expect(textOf(get('[data-testid="dispute-phase"]'))).toBe("در انتظار سپردهٔ طرف مقابل");
  });

  it("shows the fallback's deadline while drawing, and a standing offer's expiry, or that it lapsed", () => {
    const drawing = {
      ...awaiting,
      phase: "Drawing" as const,
      step: 2,
      deadline: T0 + DAY,
      offer: { proposer: SELLER, buyerAmount: 8_000_000n, expiresAt: T0 + 3_600, step: 2 },
    };
    const live = render(<LiveDispute order={order} view={disputeViewOf(order, drawing, RULES, T0)} role="buyer" now={T0} />);
    expect(textOf(live.get('[data-testid="fallback-deadline"]'))).toMatch(
      /^If nobody is drawn by .+, the dispute ends with the order's timeout outcome, deposits returned\.$/,
    );
    expect(textOf(live.get('[data-testid="settlement-offer"]'))).toBe(
      "Standing offer: 8 USDT to the buyer, the rest to the seller. (offered by the seller)The offer expires within: 1h 00m",
    );
    const lapsed = render(
      <LiveDispute order={order} view={disputeViewOf(order, { ...drawing, step: 3 }, RULES, T0)} role="buyer" now={T0} />,
    );
    expect(textOf(lapsed.get('[data-testid="offer-lapsed"]'))).toBe("This offer lapsed: the dispute moved on since it was made.");
  });
});

describe("Outcome", () => {
  it("names the resolution and the winner, and what each side and the arbitrator were paid", () => {
    const outcome = {
      resolution: "Arbitrator" as const,
      winner: "buyer" as const,
      buyerPaid: 14_500_000n,
      sellerPaid: 0n,
      arbitratorFee: 2_000_000n,
      protocolFee: 0n,
    };
    const { get } = render(<Outcome order={order} outcome={outcome} />);
    expect(textOf(get('[data-testid="dispute-outcome"] p'))).toBe("Ruled by the drawn arbitrator · for the buyer");
    expect(textOf(get('[data-testid="outcome-buyer"]'))).toBe("14.5 USDT");
    expect(textOf(get('[data-testid="outcome-arbitrator"]'))).toBe("2 USDT");
  });
});
