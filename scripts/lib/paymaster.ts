// The StablecoinPaymaster as the deploy script sets it up on the local chain: its limits, what it
// holds in the EntryPoint, and its quote signer. Public chains are not served yet: their owner (a
// multisig), quote signer and funding are decisions for a real deployment (docs/gas.md#deploying).
import { type Address, parseEther } from "viem";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { devAccount } from "../dev/accounts.ts";

/** The paymaster's `Limits` (IStablecoinPaymaster.sol), with docs/gas.md's defaults. */
export interface PaymasterLimits {
  maxCostPerOp: bigint; // wei: the most gas cost one operation may reserve
  postOpOverheadGas: number; // gas charged for postOp's own work
  maxQuoteTtl: number; // seconds a signed price stands
  throttleDuration: number; // seconds a throttled sender waits
  maxPendingPerSender: number; // pre-charged operations of one sender in one bundle
  maxUnpaidPerSender: number; // deferred operations a sender may leave unpaid
  failureThreshold: number; // failed operations in a row before a sender is throttled
}

export interface PaymasterParams {
  limits: PaymasterLimits;
  /** Wei the paymaster keeps deposited in the EntryPoint (what sponsored gas is paid from); the deploy tops it up to this. */
  deposit: bigint;
  /** Wei staked in the EntryPoint, and its unstake delay: bundlers serve a staked paymaster only. */
  stake: bigint;
  unstakeDelaySec: number;
}

export const LOCAL_PAYMASTER_PARAMS: PaymasterParams = {
  limits: {
    maxCostPerOp: parseEther("0.01"),
    postOpOverheadGas: 45_000,
    maxQuoteTtl: 5 * 60,
    throttleDuration: 3600,
    maxPendingPerSender: 4,
    maxUnpaidPerSender: 1,
    failureThreshold: 3,
  },
  deposit: parseEther("10"),
  stake: parseEther("1"),
  // A day, the least bundlers accept (docs/gas.md).
  unstakeDelaySec: 24 * 3600,
};

/**
 * The local quote signer: the dev role `paymaster quote signer`, which prices gas in the mock
 * stablecoins; `pnpm dev` gives its key to the API, whose paymaster service signs the quotes.
 */
export const localQuoteSigner = (): Address => devAccount(DEV_ROLES.indexOf("paymaster quote signer")).address;

/** Constructor arguments of StablecoinPaymaster. */
export const paymasterArgs = (entryPoint: Address, owner: Address, quoteSigner: Address, p: PaymasterParams) =>
  [entryPoint, owner, quoteSigner, p.limits] as const;
