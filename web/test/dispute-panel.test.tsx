// @vitest-environment happy-dom
// What the dispute panel tells each side: who must deposit by when or lose by default, each side's
// deposit and what it stands to gain or lose, the standing offer's expiry or lapse, and once it
// is over, how it ended and who was paid what, in English and in Persian.
import { deployments } from "@p2p-escrow/contracts/deployments";
import { describe, expect, it } from "vitest";
import { LiveDispute, Outcome } from "@/components/orders/dispute-panel.tsx";
import { disputeViewOf } from "@/components/orders/use-dispute.ts";
import type { Role } from "@/components/orders/use-order.ts";
import { fa } from "@/i18n/fa.ts";
import { DISPUTE, disputedOrder } from "./dispute-fixture.ts";
import { render, textOf } from "./render.tsx";

const { SELLER, T0, DAY } = DISPUTE;
const USDT = deployments[31337].tokens.USDT.address;
const NO_FALLBACK = { arbitrator: null, cost: 0n };

/** The panel for `role`, on the fixture's order paid in USDT without a protocol fee. */
function panel(patch: Parameters<typeof disputedOrder>[0], role: Role, now: number = T0, options = {}) {
  const detail = disputedOrder(patch, { token: USDT }, 0);
  const view = disputeViewOf(detail, NO_FALLBACK, now);
  if (!view) throw new Error("no dispute in progress");
  return render(<LiveDispute order={detail.order} view={view} role={role} now={now} />, options);
}

describe("LiveDispute", () => {
  it("tells the other side it must deposit by the response deadline or lose by default, and shows each side's deposit", () => {
    const { get } = panel({}, "seller");
    expect(textOf(get('[data-testid="dispute-phase"]'))).toBe("Waiting for the other side's deposit");
    expect(textOf(get('[data-testid="deposit-due"]'))).toMatch(/^You must deposit 2 USDT by .+ or lose by default\.$/);
    expect(get('[data-testid="deposit-due"]').getAttribute("role")).toBe("alert");
    const cells = (party: string) => [...get(`[data-testid="deposit-${party}"]`).children].map(textOf);
    expect(cells("buyer")).toEqual(["Buyer", "paid 2 USDT", "14.5 USDT", "2 USDT"]);
    expect(cells("seller")).toEqual(["Seller (You)", "not paid yet", "14.5 USDT", "the payment, by default"]);
    expect(textOf(get('[data-testid="countdown"]'))).toBe("The deposit is due within: 2d 0h");
  });

  it("tells the opener what the other side must do, in Persian too", () => {
    const { get } = panel({}, "buyer", T0, { locale: "fa", messages: fa });
    expect(textOf(get('[data-testid="deposit-due"]'))).toMatch(/^فروشنده باید تا .+ مبلغ ۲ USDT را بسپارد، وگرنه به‌طور پیش‌فرض می‌بازد\.$/);
    expect(textOf(get('[data-testid="dispute-phase"]'))).toBe("در انتظار سپردهٔ طرف مقابل");
  });

  it("shows the fallback's deadline while drawing, and a standing offer's expiry, or that it lapsed", () => {
    const offer = {
      proposer: SELLER,
      buyerAmount: "8000000",
      sellerAmount: "4500000",
      expiresAt: String(T0 + 3_600),
      step: 2,
      offeredAt: String(T0),
      lapsed: false,
    };
    const drawing = { phase: "Drawing", step: 2, sellerDeposited: true, deadline: String(T0 + DAY), fallbackAt: String(T0 + DAY), offer };
    const live = panel(drawing, "buyer");
    expect(textOf(live.get('[data-testid="fallback-deadline"]'))).toMatch(
      /^If nobody is drawn by .+, the dispute ends with the order's timeout outcome, deposits returned\.$/,
    );
    expect(textOf(live.get('[data-testid="settlement-offer"]'))).toBe(
      "Standing offer: 8 USDT to the buyer, the rest to the seller. (offered by the seller)The offer expires within: 1h 00m",
    );
    const lapsed = panel({ ...drawing, step: 3 }, "buyer");
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
    const { order } = disputedOrder({}, { token: USDT });
    const { get } = render(<Outcome order={order} outcome={outcome} />);
    expect(textOf(get('[data-testid="dispute-outcome"] p'))).toBe("Ruled by the drawn arbitrator · for the buyer");
    expect(textOf(get('[data-testid="outcome-buyer"]'))).toBe("14.5 USDT");
    expect(textOf(get('[data-testid="outcome-arbitrator"]'))).toBe("2 USDT");
  });
});
