// Node-side helpers over the dev accounts of contracts/dev-accounts.ts: viem accounts, their
// private keys, and senders that wait for receipts.
import { type Address, type Chain, createPublicClient, createWalletClient, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC, DEV_ROLES } from "../../contracts/dev-accounts.ts";

export const devAccount = (index: number) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });

/** Dev account `index`'s private key, for processes that take a key (the keeper). */
export const devPrivateKey = (index: number) => `0x${Buffer.from(devAccount(index).getHdKey().privateKey!).toString("hex")}` as const;

export function devAccounts() {
  return DEV_ROLES.map((role, index) => {
    const account = devAccount(index);
    return { role, index, account, address: account.address, privateKey: devPrivateKey(index) };
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
