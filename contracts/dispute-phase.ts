// Dispute phases, resolutions and rulings by their Solidity names (contracts/src/types/Types.sol,
// from which the generator takes them), and what each phase asks of whom. Browser-safe.
import { disputePhaseEnum, resolutionEnum, rulingEnum } from "./generated/deployments.ts";

/** A phase a dispute can be in. The enum's `None` means "no dispute", so no dispute is ever in it. */
export type DisputePhase = Exclude<(typeof disputePhaseEnum)[number], "None">;
/** How a dispute ended, when not by a settlement. */
export type Resolution = (typeof resolutionEnum)[number];
/** Who a ruling favours. `None` is not a ruling (from the fallback arbitrator it is a refusal). */
export type Ruling = Exclude<(typeof rulingEnum)[number], "None">;

/** Every phase a dispute can be in, in the enum's order. */
export const DISPUTE_PHASES: readonly DisputePhase[] = disputePhaseEnum.filter((p): p is DisputePhase => p !== "None");
export const RESOLUTIONS: readonly Resolution[] = resolutionEnum;
export const RULINGS: readonly Ruling[] = rulingEnum.filter((r): r is Ruling => r !== "None");

function nameOf<T extends string>(members: readonly string[], what: string, value: number | bigint, exclude?: string): T {
  const name = members[Number(value)];
  if (name === undefined || name === exclude) throw new Error(`not a ${what}: ${value}`);
  return name as T;
}

/** The phase named by the enum's uint8 `value`; throws for `None` and out-of-range values. */
export const disputePhaseName = (value: number | bigint): DisputePhase => nameOf(disputePhaseEnum, "dispute phase", value, "None");
/** The resolution named by the enum's uint8 `value`. */
export const resolutionName = (value: number | bigint): Resolution => nameOf(resolutionEnum, "resolution", value);
/** The ruling named by the enum's uint8 `value`; throws for `None`, which no resolved dispute carries. */
export const rulingName = (value: number | bigint): Ruling => nameOf(rulingEnum, "ruling", value, "None");

/**
 * The phases in which a deadline runs, and what passing it lets anyone do: AwaitingDeposit ends by
 * default (`resolveUnanswered`), Drawing goes to the fallback (`escalate`), Ruling replaces the
 * arbitrator (`replaceArbitrator`). An Escalated dispute waits for the fallback arbitrator alone.
 */
export const TIMED_DISPUTE_PHASES = ["AwaitingDeposit", "Drawing", "Ruling"] as const satisfies readonly DisputePhase[];

const memberOf =
  <T extends string>(group: readonly T[]) =>
  (value: string): value is T =>
    (group as readonly string[]).includes(value);

export const isDisputePhase = memberOf(DISPUTE_PHASES);
export const isResolution = memberOf(RESOLUTIONS);
