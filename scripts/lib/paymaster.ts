// The StablecoinPaymaster as the deploy script sets it up: its limits, what it holds in the
// EntryPoint, and its quote signer. On the local chain all of it is fixed here; on a public chain
// the operator names the quote signer and the native coin it stakes and deposits
// (docs/gas.md#deploying), and without a quote signer no paymaster is deployed there.
import { type Address, isAddress, parseEther } from "viem";
import type { ChainConfig } from "../../contracts/chains.ts";
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

/** What the deploy sets the paymaster up with on one chain. */
export interface PaymasterSetup {
  quoteSigner: Address;
  params: PaymasterParams;
}

/** The variables a public chain's paymaster is set up from. */
export const PAYMASTER_DEPLOY_ENV = {
  /** The address of the API's PAYMASTER_QUOTE_SIGNER_KEY; unset, no paymaster is deployed. */
  quoteSigner: "PAYMASTER_QUOTE_SIGNER",
  /** Native coin staked in the EntryPoint (e.g. `1`): what bundlers require of a paymaster; required. */
  stake: "PAYMASTER_STAKE",
  /** Native coin the deploy keeps deposited in the EntryPoint, topped up on each run; 0 by default (fund it apart). */
  deposit: "PAYMASTER_DEPOSIT",
} as const;

const NATIVE_AMOUNT = /^\d+(\.\d{1,18})?$/;

/**
 * The paymaster's setup on `chain`: the local one's, or on a public chain the operator's from `env`
 * (PAYMASTER_DEPLOY_ENV), with the local limits; null where no quote signer is named.
 */
export function paymasterSetupFor(chain: Pick<ChainConfig, "kind" | "name">, env: NodeJS.ProcessEnv): PaymasterSetup | null {
  if (chain.kind === "local") return { quoteSigner: localQuoteSigner(), params: LOCAL_PAYMASTER_PARAMS };
  const quoteSigner = env[PAYMASTER_DEPLOY_ENV.quoteSigner]?.trim();
  if (!quoteSigner) return null;
  const problems: string[] = [];
  if (!isAddress(quoteSigner)) problems.push(`${PAYMASTER_DEPLOY_ENV.quoteSigner}: an address, not "${quoteSigner}"`);
  const amount = (name: string, fallback?: string) => {
    const value = env[name]?.trim() || fallback;
    if (value === undefined)
      problems.push(`${name}: required with ${PAYMASTER_DEPLOY_ENV.quoteSigner}, in ${chain.name}'s native coin (e.g. 1)`);
    else if (!NATIVE_AMOUNT.test(value)) problems.push(`${name}: an amount of the native coin (e.g. 0.5), not "${value}"`);
    else return parseEther(value);
    return 0n;
  };
  const stake = amount(PAYMASTER_DEPLOY_ENV.stake);
  const deposit = amount(PAYMASTER_DEPLOY_ENV.deposit, "0");
  if (stake === 0n && problems.length === 0)
    problems.push(`${PAYMASTER_DEPLOY_ENV.stake}: more than 0 (bundlers serve a staked paymaster only)`);
  if (problems.length > 0) throw new Error(`the paymaster's settings:\n  ${problems.join("\n  ")}`);
  return { quoteSigner: quoteSigner as Address, params: { ...LOCAL_PAYMASTER_PARAMS, stake, deposit } };
}

/** Constructor arguments of StablecoinPaymaster. */
export const paymasterArgs = (entryPoint: Address, owner: Address, quoteSigner: Address, p: PaymasterParams) =>
  [entryPoint, owner, quoteSigner, p.limits] as const;
