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
] as const;

export const devAccount = (index: number) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });

export function devAccounts() {
  return DEV_ROLES.map((role, index) => {
    const account = devAccount(index);
    const privateKey = `0x${Buffer.from(account.getHdKey().privateKey!).toString("hex")}` as const;
    return { role, index, account, address: account.address, privateKey };
  });
}
