import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, zeroAddress } from "viem";

/** Deployment parameters of the escrow, the pool and the RNG, with the product's defaults. */
export interface EscrowStackParams {
  sellerWindow: bigint; // seconds the seller has to confirm delivery
  buyerWindow: bigint; // seconds the buyer has to confirm receipt or dispute
  responseWindow: bigint; // seconds the other side has to match a dispute deposit
  drawWindow: bigint; // seconds for an arbitrator to be drawn before the fallback takes over
  arbitrationWindow: bigint; // seconds an arbitrator has to rule
  arbitratorFeeBps: bigint; // arbitration fee (each side's deposit), bps of the order amount
  unstakeCooldown: bigint; // seconds between requesting to unstake and withdrawing
  slashBps: bigint; // the most of its stake an arbitrator loses for one missed window, bps
  minStakeTokens: bigint; // minimum stake in whole tokens (scaled by the stake token's decimals)
  rngLookahead: bigint; // blocks between a randomness request and the block that answers it
}

export const DEFAULT_STACK_PARAMS: EscrowStackParams = {
  sellerWindow: 24n * 3600n,
  buyerWindow: 72n * 3600n,
  responseWindow: 48n * 3600n,
  drawWindow: 24n * 3600n,
  arbitrationWindow: 7n * 24n * 3600n,
  arbitratorFeeBps: 500n,
  unstakeCooldown: 7n * 24n * 3600n,
  slashBps: 1_000n,
  minStakeTokens: 500n,
  rngLookahead: 5n,
};

/** Constructor arguments of each stack contract, shared by tests and the deploy script. */
export const stackArgs = {
  rng: (p: EscrowStackParams) => [p.rngLookahead] as const,
  pool: (p: EscrowStackParams, owner: Address, stakeToken: Address, minStake: bigint, slashRecipient: Address) =>
    [owner, stakeToken, minStake, p.unstakeCooldown, p.slashBps, slashRecipient] as const,
  fallbackArbitrator: (owner: Address) => [owner] as const,
  escrow: (p: EscrowStackParams, owner: Address, pool: Address, rng: Address, fallbackArbitrator: Address) =>
    [
      owner,
      pool,
      rng,
      fallbackArbitrator,
      { seller: p.sellerWindow, buyer: p.buyerWindow, response: p.responseWindow, draw: p.drawWindow, arbitration: p.arbitrationWindow },
      p.arbitratorFeeBps,
    ] as const,
};

export interface DeployEscrowStackOptions {
  owner: Address;
  stakeToken: Address;
  stakeTokenDecimals: number;
  /** "blockhash" in production; "deterministic" answers every request at once, for tests. */
  rng: "blockhash" | "deterministic";
  params?: Partial<EscrowStackParams>;
  /** Deploy the owner-run fallback arbitrator (default), or none: disputes nobody can be drawn
   * for then end with the order's timeout outcome. */
  fallbackArbitrator?: boolean;
}

/** Deploys RNG, pool and escrow in one go, and binds the pool to the escrow (tests, benchmarks). */
export async function deployEscrowStack(viem: HardhatViemHelpers, options: DeployEscrowStackOptions) {
  const p = { ...DEFAULT_STACK_PARAMS, ...options.params };
  const rng =
    options.rng === "blockhash"
      ? await viem.deployContract("BlockhashRNG", [...stackArgs.rng(p)])
      : await viem.deployContract("DeterministicRNG");
  const minStake = p.minStakeTokens * 10n ** BigInt(options.stakeTokenDecimals);
  const pool = await viem.deployContract("ArbitratorPool", [
    ...stackArgs.pool(p, options.owner, options.stakeToken, minStake, options.owner),
  ]);
  const fallbackArbitrator =
    options.fallbackArbitrator === false
      ? undefined
      : await viem.deployContract("FallbackArbitrator", [...stackArgs.fallbackArbitrator(options.owner)]);
  const escrow = await viem.deployContract("P2PEscrow", [
    ...stackArgs.escrow(p, options.owner, pool.address, rng.address, fallbackArbitrator?.address ?? zeroAddress),
  ]);
  const publicClient = await viem.getPublicClient();
  await publicClient.waitForTransactionReceipt({ hash: await pool.write.bindEscrow([escrow.address]) });
  return { rng, pool, escrow, fallbackArbitrator, params: p, minStake };
}
