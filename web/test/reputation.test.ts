// An arbitrator's reputation lost to missed windows recovers one point per recovery period, up to
// the starting reputation, when it calls recoverReputation(): the page offers the call only when it
// would raise the reputation.
import { describe, expect, it } from "vitest";
import { REPUTATION_RECOVERY, reputationRecovery } from "@/components/arbitrator/use-arbitrator-stake.ts";

const ACTIVE = 1;
const UNSTAKING = 2;
const SINCE = 1_800_000_000;
const PERIOD = REPUTATION_RECOVERY.period;

describe("reputationRecovery", () => {
  it("counts whole periods since the last change, and says when the next point is due", () => {
    const a = { status: ACTIVE, reputation: 30, reputationSince: SINCE };
    expect(reputationRecovery(a, SINCE + PERIOD - 1)).toEqual({ points: 0, nextAt: SINCE + PERIOD });
    expect(reputationRecovery(a, SINCE + PERIOD)).toEqual({ points: 1, nextAt: SINCE + 2 * PERIOD });
    expect(reputationRecovery(a, SINCE + 3 * PERIOD + 5)).toEqual({ points: 3, nextAt: SINCE + 4 * PERIOD });
  });

  it("stops at the starting reputation, and offers nothing at or above it, or to an arbitrator that is not active", () => {
    expect(reputationRecovery({ status: ACTIVE, reputation: 48, reputationSince: SINCE }, SINCE + 10 * PERIOD).points).toBe(2);
    expect(reputationRecovery({ status: ACTIVE, reputation: 50, reputationSince: SINCE }, SINCE + 10 * PERIOD)).toEqual({
      points: 0,
      nextAt: null,
    });
    expect(reputationRecovery({ status: ACTIVE, reputation: 80, reputationSince: SINCE }, SINCE + 10 * PERIOD)).toEqual({
      points: 0,
      nextAt: null,
    });
    expect(reputationRecovery({ status: UNSTAKING, reputation: 10, reputationSince: SINCE }, SINCE + 10 * PERIOD)).toEqual({
      points: 0,
      nextAt: null,
    });
    expect(reputationRecovery(undefined, SINCE)).toEqual({ points: 0, nextAt: null });
  });
});
