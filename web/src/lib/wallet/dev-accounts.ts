// The local chain's dev accounts: Hardhat's public test mnemonic and the roles `pnpm dev` gives its
// first accounts (scripts/dev/accounts.ts). Never use these keys on a real chain.
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export const DEV_WALLETS = [
  { index: 1, role: "alice (buyer)" },
  { index: 2, role: "bob (seller)" },
  { index: 3, role: "carol (buyer)" },
  { index: 4, role: "dave (seller)" },
  { index: 5, role: "erin (arbitrator)" },
  { index: 6, role: "frank (arbitrator)" },
  { index: 7, role: "grace (arbitrator)" },
] as const;
