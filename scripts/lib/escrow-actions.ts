import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, getAddress, type Hash, numberToHex, padHex } from "viem";

type Viem = HardhatViemHelpers;

/** Waits for a transaction and fails loudly if it reverted. */
export async function mined(viem: Viem, hash: Promise<Hash> | Hash) {
  const publicClient = await viem.getPublicClient();
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}

/** Deterministic, distinct addresses for bulk actors (arbitrators, buyers) that no key controls. */
export function syntheticAddress(namespace: number, index: number): Address {
  return getAddress(padHex(numberToHex((BigInt(namespace) << 64n) | BigInt(index + 1)), { size: 20 }));
}

/** Funds `addresses` with gas money and lets the node sign for them. */
export async function impersonate(viem: Viem, addresses: readonly Address[]) {
  const testClient = await viem.getTestClient();
  for (const address of addresses) {
    await testClient.setBalance({ address, value: 10n ** 20n });
    await testClient.impersonateAccount({ address });
  }
}

interface StakeToken {
  address: Address;
  write: { mint: (args: [Address, bigint]) => Promise<Hash> };
}

/** Registers every address as an arbitrator with `stake` of the pool's stake token. */
export async function registerArbitrators(
  viem: Viem,
  pool: { address: Address },
  stakeToken: StakeToken,
  arbitrators: readonly Address[],
  stake: bigint,
) {
  await impersonate(viem, arbitrators);
  const token = await viem.getContractAt("MockERC20", stakeToken.address);
  const poolContract = await viem.getContractAt("ArbitratorPool", pool.address);
  for (const account of arbitrators) {
    await mined(viem, stakeToken.write.mint([account, stake]));
    await mined(viem, token.write.approve([pool.address, stake], { account }));
    await mined(viem, poolContract.write.register([stake], { account }));
  }
}
