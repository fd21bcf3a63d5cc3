// The local chain's dev accounts: Hardhat's public test mnemonic and the roles `pnpm dev` gives the
// first accounts it derives. Never use these keys on a real chain. Browser-safe and data only, so the
// web app's dev wallets can list them without loading key derivation until one is picked; Node-side
// helpers (accounts, private keys, senders) live in scripts/dev/accounts.ts.

/** Hardhat's well-known development mnemonic: its accounts are funded on every local node. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The role of each dev account, by its index in the mnemonic. */
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
  "bundler", // the bundler's executor: sends handleOps and is repaid by the EntryPoint
  "bundler utility", // deploys the bundler's simulation contracts when it starts
  "paymaster quote signer", // signs the StablecoinPaymaster's gas prices in stablecoins (scripts/lib/paymaster.ts)
  "order relayer", // submits orders buyers paid by EIP-3009 authorization (POST /relay/orders), repaid in their fee
] as const;

export type DevRole = (typeof DEV_ROLES)[number];

/** The roles services play: their keys send the services' transactions, never a person's. */
const SERVICE_ROLES: readonly DevRole[] = ["deployer", "keeper", "bundler", "bundler utility", "paymaster quote signer", "order relayer"];

/** The accounts a person plays in the web app: the marketplace's users, not the services. */
export const DEV_WALLETS = DEV_ROLES.flatMap((role, index) => (SERVICE_ROLES.includes(role) ? [] : [{ index, role }]));

/**
 * Dev wallets that hold stablecoins and never the native coin: accounts past the ones Hardhat
 * funds, given mock USDC and USDT by the demo data. They act as EIP-7702 accounts (delegated to the
 * package's Simple7702Account) and send every call as a user operation whose gas the
 * StablecoinPaymaster takes in the stablecoin (docs/gas.md).
 */
export const DEV_GASLESS_WALLETS = [
  { index: 20, role: "ivy (buyer, stablecoins only)" },
  { index: 21, role: "jack (seller, stablecoins only)" },
] as const;
