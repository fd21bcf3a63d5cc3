// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { Countdown, deadlinePassed } from "@/components/orders/countdown.tsx";
import { chainLead } from "@/lib/chain/use-chain-now.ts";
import { render, textOf } from "./render.tsx";

const NOW = Date.UTC(2026, 10, 30, 9, 0, 0) / 1000;
const inSeconds = (seconds: number) => String(NOW + seconds);

describe("Countdown", () => {
  it("shows the time left to a deadline in days and hours, then in hours and minutes", () => {
    const deadline = 3 * 86_400 + 4 * 3_600 + 59;
    const { get, rerender } = render(<Countdown deadline={inSeconds(deadline)} label="Seller must confirm delivery within" now={NOW} />);
    expect(textOf(get('[data-testid="countdown"]'))).toBe("Seller must confirm delivery within: 3d 4h");
    rerender(<Countdown deadline={inSeconds(deadline)} label="Seller must confirm delivery within" now={NOW + deadline - 7_500} />);
    expect(textOf(get('[data-testid="countdown"]'))).toBe("Seller must confirm delivery within: 2h 05m");
  });

  it("counts the last minute in seconds, and says the deadline has passed only once the clock is past it", () => {
    const at = (now: number) => <Countdown deadline={inSeconds(61)} label="Arbitrator must rule within" now={NOW + now} />;
    const { get, rerender } = render(at(0));
    expect(textOf(get("strong"))).toBe("1m 01s");
    rerender(at(2));
    expect(textOf(get("strong"))).toBe("59s");
    rerender(at(61));
    expect(textOf(get("strong"))).toBe("0s");
    rerender(at(62));
    expect(textOf(get('[data-testid="countdown"]'))).toBe("Arbitrator must rule within: passed");
  });
});

describe("deadlinePassed", () => {
  it("opens a timeout claim only once the clock is past the deadline, as the escrow judges block.timestamp", () => {
    expect(deadlinePassed(inSeconds(0), NOW)).toBe(false);
    expect(deadlinePassed(inSeconds(0), NOW + 1)).toBe(true);
    expect(deadlinePassed(null, NOW + 10 ** 9)).toBe(false);
  });
});

describe("chainLead", () => {
  it("moves the clock forward by how far the latest block runs ahead of the device, and never back", () => {
    const readAt = NOW * 1000 + 400;
    expect(chainLead(BigInt(NOW + 7 * 86_400), readAt)).toBe(7 * 86_400);
    expect(chainLead(BigInt(NOW - 90), readAt)).toBe(0);
    expect(chainLead(undefined, readAt)).toBe(0);
  });
});
