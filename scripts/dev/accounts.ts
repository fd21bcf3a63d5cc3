import { type Address, type Chain, createPublicClient, createWalletClient, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** Hardhat's well-known development mnemonic: its accounts are funded on every local node. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The roles the dev stack gives Hardhat's first accounts. Never use these keys on a real chain. */
export const DEV_ROLES = [
  "deployer", // owns the contracts
  "alice (buyer)",
  "bob (seller)",
  "carol (buyer)",
  "dave (seller)",
  "erin (arbitrator)",
  "frank (arbitrator)",
  "grace (arbitrator)",
  "keeper", // pays for the keeper's calls
] as const;

export const devAccount = (index: number) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });

export function devAccounts() {
  return DEV_ROLES.map((role, index) => {
    const account = devAccount(index);
    const privateKey = `0x${Buffer.from(account.getHdKey().privateKey!).toString("hex")}` as const;
    return { role, index, account, address: account.address, privateKey };
  });
}

/**
 * Dev account `index` as a sender of contract calls on the node at `rpcUrl`: each write waits
 * for its receipt and fails loudly if the transaction reverted.
 */
export function devActor(index: number, chain: Chain, rpcUrl: string) {
  const account = devAccount(index);
  const transport = http(rpcUrl);
  const wallet = createWalletClient({ account, chain, transport });
  const client = createPublicClient({ chain, transport, pollingInterval: 50 });
  const write = async (address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) => {
    const hash = await wallet.writeContract({ address, abi, functionName, args } as never);
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`${functionName} from ${account.address} reverted (${hash})`);
    return receipt;
  };
  return { account, address: account.address, write };
}
