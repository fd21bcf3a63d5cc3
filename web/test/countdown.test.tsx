// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Countdown } from "../src/components/orders/countdown.tsx";
import { render, textOf } from "./render.tsx";

const NOW = Date.UTC(2026, 10, 30, 9, 0, 0);
const inSeconds = (seconds: number) => String(NOW / 1000 + seconds);

describe("Countdown", () => {
  // The clock is the one thing a countdown cannot be tested against for real: it is moved by hand.
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("shows the time left to a deadline in days and hours, then in hours and minutes", () => {
    const deadline = 3 * 86_400 + 4 * 3_600 + 59;
    const { get } = render(<Countdown deadline={inSeconds(deadline)} label="Seller must confirm delivery within" />);
    expect(textOf(get('[data-testid="countdown"]'))).toBe("Seller must confirm delivery within: 3d 4h");
    vi.setSystemTime(NOW + (deadline - 7_500 - 1) * 1000); // a second before 2h 05m are left
    act(() => vi.advanceTimersByTime(1_000));
    expect(textOf(get('[data-testid="countdown"]'))).toBe("Seller must confirm delivery within: 2h 05m");
  });

  it("ticks every second through the last minute and then says the deadline has passed", () => {
    const { get } = render(<Countdown deadline={inSeconds(61)} label="Arbitrator must rule within" />);
    expect(textOf(get("strong"))).toBe("1m 01s");
    act(() => vi.advanceTimersByTime(2_000));
    expect(textOf(get("strong"))).toBe("59s");
    act(() => vi.advanceTimersByTime(59_000));
    expect(textOf(get('[data-testid="countdown"]'))).toBe("Arbitrator must rule within: passed");
  });
});
