import type { Context, Event } from "ponder:registry";
import type { DisputePhase } from "@p2p-escrow/contracts/dispute-phase";
import { credits, dailyVolume, disputes, escrowConfig, orderEvents, orders, userStats } from "ponder:schema";

type AnyEvent = Event & { args: Record<string, unknown>; log: { logIndex: number } };
type Db = Context["db"];

export const orderKey = (chainId: number, orderId: bigint) => `${chainId}:${orderId}`;

/** The block and transaction stamp every changed row carries. */
export const stamp = (event: AnyEvent) => ({
  blockNumber: event.block.number,
  transactionHash: event.transaction.hash,
});

const jsonArgs = (args: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));

/** Appends the event to its order's timeline. Keyed by the log, so replays write nothing twice. */
export async function recordOrderEvent(db: Db, chainId: number, name: string, event: AnyEvent, actor?: `0x${string}`) {
  await db
    .insert(orderEvents)
    .values({
      id: event.id,
      chainId,
      orderId: event.args.orderId as bigint,
      name,
      actor: actor ?? null,
      args: jsonArgs(event.args),
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
      transactionHash: event.transaction.hash,
      logIndex: event.log.logIndex,
    })
    .onConflictDoNothing();
}

export async function updateOrder(
  db: Db,
  chainId: number,
  event: AnyEvent,
  patch: Partial<typeof orders.$inferInsert> | ((row: typeof orders.$inferSelect) => Partial<typeof orders.$inferInsert>),
) {
  const orderId = event.args.orderId as bigint;
  await db.update(orders, { id: orderKey(chainId, orderId) }).set((row) => ({
    ...(typeof patch === "function" ? patch(row) : patch),
    ...stamp(event),
  }));
}

type DisputeRow = typeof disputes.$inferSelect;

/** Changes the order's dispute row, stamped with the event's block. */
export async function updateDispute(
  db: Db,
  chainId: number,
  event: AnyEvent,
  patch: Partial<typeof disputes.$inferInsert> | ((row: DisputeRow) => Partial<typeof disputes.$inferInsert>),
) {
  const orderId = event.args.orderId as bigint;
  await db.update(disputes, { id: orderKey(chainId, orderId) }).set((row) => ({
    ...(typeof patch === "function" ? patch(row) : patch),
    blockNumber: event.block.number,
  }));
}

/**
 * A move to `phase` at `timestamp`, as the contract's `_enterPhase` makes it: the step advances, so
 * an offer made before it has lapsed.
 */
export const enterPhase = (row: DisputeRow, phase: DisputePhase, timestamp: bigint) => ({
  phase,
  phaseSince: timestamp,
  step: row.step + 1,
});

/** The chain's escrow configuration; every escrow event follows its EscrowConfigured. */
export async function escrowConfigOf(db: Db, chainId: number) {
  const config = await db.find(escrowConfig, { chainId });
  if (!config) throw new Error(`no EscrowConfigured event indexed for chain ${chainId}`);
  return config;
}

/** Adds to (credit) or takes from (withdrawal) an account's credited balance with one contract. */
export async function moveCredit(
  db: Db,
  chainId: number,
  contract: "P2PEscrow" | "ArbitratorPool",
  account: `0x${string}`,
  token: `0x${string}`,
  change: { credited: bigint } | { withdrawn: bigint },
  blockNumber: bigint,
) {
  const credited = "credited" in change ? change.credited : 0n;
  const withdrawn = "withdrawn" in change ? change.withdrawn : 0n;
  await db
    .insert(credits)
    .values({ chainId, contract, account, token, credited, withdrawn, balance: credited - withdrawn, blockNumber })
    .onConflictDoUpdate((row) => ({
      credited: row.credited + credited,
      withdrawn: row.withdrawn + withdrawn,
      balance: row.balance + credited - withdrawn,
      blockNumber,
    }));
}

type StatsCounter = "tradesAsBuyer" | "tradesAsSeller" | "completed" | "disputesOpened" | "disputesWon" | "disputesLost";

/** Adds one to a user's counter and, for a new trade, its amount to the user's volume in that token. */
export async function bumpUserStat(
  db: Db,
  chainId: number,
  address: `0x${string}`,
  counter: StatsCounter,
  blockNumber: bigint,
  trade?: { token: `0x${string}`; amount: bigint },
) {
  const addVolume = (volume: Record<string, string>) =>
    trade ? { ...volume, [trade.token]: (BigInt(volume[trade.token] ?? "0") + trade.amount).toString() } : volume;
  await db
    .insert(userStats)
    .values({
      chainId,
      address,
      tradesAsBuyer: 0,
      tradesAsSeller: 0,
      completed: 0,
      disputesOpened: 0,
      disputesWon: 0,
      disputesLost: 0,
      [counter]: 1,
      volume: addVolume({}),
      blockNumber,
    })
    .onConflictDoUpdate((row) => ({ [counter]: row[counter] + 1, volume: addVolume(row.volume), blockNumber }));
}

export const utcDay = (timestamp: bigint) => new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);

export async function addDailyVolume(
  db: Db,
  chainId: number,
  token: `0x${string}`,
  timestamp: bigint,
  kind: "created" | "completed",
  amount: bigint,
  blockNumber: bigint,
) {
  const created = kind === "created";
  await db
    .insert(dailyVolume)
    .values({
      chainId,
      token,
      day: utcDay(timestamp),
      ordersCreated: created ? 1 : 0,
      volumeCreated: created ? amount : 0n,
      ordersCompleted: created ? 0 : 1,
      volumeCompleted: created ? 0n : amount,
      blockNumber,
    })
    .onConflictDoUpdate((row) =>
      created
        ? { ordersCreated: row.ordersCreated + 1, volumeCreated: row.volumeCreated + amount, blockNumber }
        : { ordersCompleted: row.ordersCompleted + 1, volumeCompleted: row.volumeCompleted + amount, blockNumber },
    );
}
