import { ponder } from "ponder:registry";
import { arbitrators, poolConfig } from "ponder:schema";
import { moveCredit } from "./lib/rows.ts";

type Row = typeof arbitrators.$inferSelect;

ponder.on("ArbitratorPool:PoolConfigured", async ({ event, context }) => {
  const { stakeToken, minStake, unstakeCooldown, slashBps, slashRecipient } = event.args;
  await context.db
    .insert(poolConfig)
    .values({
      chainId: context.chain.id,
      pool: event.log.address,
      stakeToken,
      minStake,
      unstakeCooldown,
      slashBps: Number(slashBps),
      slashRecipient,
      openDraws: 0,
      blockNumber: event.block.number,
    })
    .onConflictDoNothing();
});

ponder.on("ArbitratorPool:EscrowBound", async ({ event, context }) => {
  await context.db.update(poolConfig, { chainId: context.chain.id }).set({ escrow: event.args.escrow, blockNumber: event.block.number });
});

// Weight changes queue while any draw is open; DrawClosed says how many remain.
ponder.on("ArbitratorPool:DrawOpened", async ({ event, context }) => {
  await context.db
    .update(poolConfig, { chainId: context.chain.id })
    .set((row) => ({ openDraws: row.openDraws + 1, blockNumber: event.block.number }));
});

ponder.on("ArbitratorPool:DrawClosed", async ({ event, context }) => {
  await context.db
    .update(poolConfig, { chainId: context.chain.id })
    .set({ openDraws: Number(event.args.openDraws), blockNumber: event.block.number });
});

/** The pool's stake token, in which it credits and pays. */
async function stakeTokenOf(db: Parameters<typeof moveCredit>[0], chainId: number) {
  const config = await db.find(poolConfig, { chainId });
  if (!config) throw new Error(`no PoolConfigured event indexed for chain ${chainId}`);
  return config.stakeToken;
}

ponder.on("ArbitratorPool:PaymentCredited", async ({ event, context }) => {
  const { account, amount } = event.args;
  const token = await stakeTokenOf(context.db, context.chain.id);
  await moveCredit(context.db, context.chain.id, "ArbitratorPool", account, token, { credited: amount }, event.block.number);
});

ponder.on("ArbitratorPool:Withdrawn", async ({ event, context }) => {
  const { account, amount } = event.args;
  const token = await stakeTokenOf(context.db, context.chain.id);
  await moveCredit(context.db, context.chain.id, "ArbitratorPool", account, token, { withdrawn: amount }, event.block.number);
});

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
      // WeightUpdated (or WeightQueued, while a draw is open) follows in the same transaction.
      weight: 0n,
      weightQueued: false,
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
on("ArbitratorPool:ReputationRecovered", (_, args) => ({ reputation: Number(args.reputation) }));
on("ArbitratorPool:WeightQueued", () => ({ weightQueued: true }));
on("ArbitratorPool:WeightUpdated", (_, args) => ({ weight: args.weight as bigint, weightQueued: false }));
// Always inside the window: a late ruling is refused on chain.
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
