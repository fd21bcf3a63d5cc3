import { ponder } from "ponder:registry";
import { arbitrators } from "ponder:schema";

type Row = typeof arbitrators.$inferSelect;

ponder.on("ArbitratorPool:ArbitratorRegistered", async ({ event, context }) => {
  const { arbitrator, stake, reputation } = event.args;
  await context.db
    .insert(arbitrators)
    .values({
      chainId: context.chain.id,
      address: arbitrator,
      stake,
      reputation: Number(reputation),
      status: "Active",
      casesAssigned: 0,
      casesResolved: 0,
      casesMissed: 0,
      casesSettled: 0,
      openCases: 0,
      slashed: 0n,
      registeredAt: event.block.timestamp,
      blockNumber: event.block.number,
    })
    // A returning arbitrator keeps its history and reputation.
    .onConflictDoUpdate({
      stake,
      reputation: Number(reputation),
      status: "Active",
      unstakeAvailableAt: null,
      blockNumber: event.block.number,
    });
});

/** Updates one arbitrator's row from the event that changed it. */
const on = <Name extends Parameters<typeof ponder.on>[0]>(name: Name, change: (row: Row, args: Record<string, unknown>) => Partial<Row>) =>
  ponder.on(name, async ({ event, context }) => {
    const args = event.args as Record<string, unknown>;
    await context.db
      .update(arbitrators, { chainId: context.chain.id, address: args.arbitrator as `0x${string}` })
      .set((row) => ({ ...change(row, args), blockNumber: event.block.number }));
  });

on("ArbitratorPool:StakeIncreased", (_, args) => ({ stake: args.stake as bigint }));
on("ArbitratorPool:UnstakeRequested", (_, args) => ({ status: "Unstaking", unstakeAvailableAt: args.availableAt as bigint }));
on("ArbitratorPool:StakeWithdrawn", () => ({ status: "Withdrawn", stake: 0n, unstakeAvailableAt: null }));
on("ArbitratorPool:CaseAssigned", (row) => ({ casesAssigned: row.casesAssigned + 1, openCases: row.openCases + 1 }));
on("ArbitratorPool:CaseRuled", (row, args) => ({
  casesResolved: row.casesResolved + 1,
  openCases: row.openCases - 1,
  reputation: Number(args.reputation),
}));
on("ArbitratorPool:CaseReleased", (row) => ({ casesSettled: row.casesSettled + 1, openCases: row.openCases - 1 }));
on("ArbitratorPool:ArbitratorPenalized", (row, args) => ({
  casesMissed: row.casesMissed + 1,
  openCases: row.openCases - 1,
  stake: args.stake as bigint,
  reputation: Number(args.reputation),
  slashed: row.slashed + (args.slashed as bigint),
}));
