// The browser tests' hand on the local chain: read it, mine a block, stop its block clock, and find
// who the keeper drew.
import { createTestClient, http, publicActions, zeroAddress } from "viem";
import { hardhat } from "viem/chains";
import { addressOf } from "../../contracts/deployed.ts";
import { escrowAbi } from "../../contracts/generated/deployments.ts";
import { devAccounts } from "../../scripts/dev/accounts.ts";
import { devSettings } from "../../scripts/dev/stack.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";

export const testChain = (rpcUrl: string) =>
  createTestClient({ mode: "hardhat", chain: hardhat, transport: http(rpcUrl) }).extend(publicActions);
export type TestChain = ReturnType<typeof testChain>;

// evm_mine, not hardhat_mine: the indexer follows blocks mined one by one.
export const mineOne = (chain: TestChain) => chain.request({ method: "evm_mine", params: [] } as never);

/** Runs `steps` with the chain's block clock stopped (blocks come only from transactions and mineOne), then starts it again. */
export async function whileClockStopped<T>(chain: TestChain, steps: () => Promise<T>): Promise<T> {
  await chain.setIntervalMining({ interval: 0 });
  try {
    return await steps();
  } finally {
    await chain.setIntervalMining({ interval: devSettings().blockIntervalMs });
  }
}

/**
 * Mines until the keeper has drawn the order's arbitrator (the blockhash RNG answers a few blocks
 * after the request, then the keeper draws); resolves with its address.
 */
export const drawnArbitrator = (chain: TestChain, orderId: bigint) =>
  waitFor(
    async () => {
      await mineOne(chain);
      const { arbitrator } = await chain.readContract({
        address: addressOf(31337, "P2PEscrow"),
        abi: escrowAbi,
        functionName: "getDispute",
        args: [orderId],
      });
      return arbitrator === zeroAddress ? undefined : arbitrator;
    },
    { timeoutMs: 90_000, intervalMs: 500, what: "the keeper's draw" },
  );

/** The dev arbitrators, from the dev accounts' roles. */
const ARBITRATORS = devAccounts().filter((a) => a.role.endsWith("(arbitrator)"));

/** The dev arbitrators by the names the dev wallet lists them under. */
export const DEV_ARBITRATORS = ARBITRATORS.map((a) => a.role);

/** Which of DEV_ARBITRATORS sits at `address`. */
export function arbitratorIndex(address: string): number {
  const i = ARBITRATORS.findIndex((a) => a.address.toLowerCase() === address.toLowerCase());
  if (i < 0) throw new Error(`${address} is not a dev arbitrator`);
  return i;
}
