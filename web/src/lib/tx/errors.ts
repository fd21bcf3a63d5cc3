// Turns whatever a wallet, the chain or the API threw into one plain sentence. Contract reverts are
// decoded from the ABI (custom errors with their arguments) and explained per error name.
import { arbitratorPoolAbi, escrowAbi, fallbackArbitratorAbi, stablecoinAbi } from "@p2p-escrow/contracts/deployments";
import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex, RpcRequestError, UserRejectedRequestError } from "viem";
import { format } from "@/i18n/i18n.tsx";
import { ApiError } from "@/lib/api/client.ts";

type Translate = (text: string, vars?: Record<string, string | number | bigint>) => string;

/** Plain explanations of the contracts' custom errors; `{name}` placeholders are filled by CONTRACT_ERROR_VARS. */
export const CONTRACT_ERRORS: Record<string, string> = {
  EscrowAmountAboveCap: "The amount is above this token's per-order cap.",
  EscrowAmountBelowMinimum: "The amount is below this token's minimum order.",
  EscrowFeeAboveLimit:
    "The protocol fee rose to {fee} after you saw the price, above the {limit} you accepted. Nothing was paid; check the new fee and buy again.",
  EscrowInvalidAmount: "The amount is not valid.",
  EscrowInvalidExpiry: "The offer's expiry must lie in the future.",
  EscrowInvalidFallbackPayment: "The fallback arbitrator's cost changed; try again.",
  EscrowInvalidPhase: "The dispute has moved on to another phase; reload the order.",
  EscrowInvalidRecipient: "That recipient address is not valid.",
  EscrowInvalidRuling: "That ruling is not valid.",
  EscrowInvalidSeller: "You cannot buy from yourself, and the seller must be a real address.",
  EscrowInvalidSplit: "The buyer's share cannot exceed the order amount.",
  EscrowInvalidStatus: "The order is in a state that does not allow this action (it may have changed meanwhile).",
  EscrowNothingToWithdraw: "You have nothing to withdraw in this token.",
  EscrowPaused: "New orders are paused on this chain. Existing orders keep working.",
  EscrowRandomnessPending: "The random draw is not ready yet; try again in a few blocks.",
  EscrowRoundsExhausted: "Every arbitrator round was used; the case goes to the fallback.",
  EscrowSettlementLapsed: "The offer lapsed: it expired, or the dispute moved on since it was made.",
  EscrowSettlementMismatch: "The settlement offer changed; review the new offer before accepting.",
  EscrowTokenNotAllowed: "This token is not accepted by the escrow.",
  EscrowUnauthorized: "Your wallet is not allowed to do this on this order.",
  EscrowWindowClosed: "The window for this action has closed.",
  EscrowWindowOpen: "The window is still open; the timeout cannot be claimed yet.",
  PoolAlreadyRegistered: "This wallet is already registered as an arbitrator.",
  PoolCooldownActive: "The unstaking cooldown has not ended yet.",
  PoolDrawPending: "A draw is open; the change waits until it closes.",
  PoolInvalidAmount: "The stake amount is not valid.",
  PoolNoEligibleArbitrator: "No eligible arbitrator could be drawn.",
  PoolNotActive: "This wallet is not an active arbitrator.",
  PoolNotUnstaking: "Request to unstake first.",
  PoolNothingToWithdraw: "You have nothing to withdraw from the pool.",
  PoolOpenCases: "You still have open cases; resolve them before unstaking.",
  PoolStakeTooLow: "The stake is below the minimum.",
  ERC20InsufficientBalance: "Your token balance is too low.",
  ERC20InsufficientAllowance: "The escrow is not approved to spend this much of your tokens.",
  ERC2612ExpiredSignature: "The permit signature expired; try again.",
  ERC2612InvalidSigner: "The permit signature is not valid.",
  SafeERC20FailedOperation: "The token refused the transfer.",
};

/**
 * Plain explanations of the paymaster service's refusals (ERC-7677, `error.data.code` of its
 * JSON-RPC errors), which reach the app through the wallet that asked for a quote.
 */
export const PAYMASTER_REFUSALS: Partial<Record<ApiErrorCode, string>> = {
  PAYMASTER_INSUFFICIENT_BALANCE:
    "Your balance in this token does not also cover this step's gas, which is paid in the same token. Nothing was sent; add some of the token and try again.",
  PAYMASTER_APPROVAL_MISSING: "Approve the paymaster for this token in a step of its own first, then try again. Nothing was sent.",
  PAYMASTER_SENDER_THROTTLED:
    "This wallet's recent operations failed too often, so gas in stablecoins is paused for it for a while. Nothing was sent.",
  PAYMASTER_OP_COST_TOO_HIGH: "Gas costs more right now than the paymaster pays for one step. Nothing was sent; try again later.",
};

/** The refusal for any other paymaster code: the service could not quote this step. */
const PAYMASTER_REFUSED = "Gas in stablecoins is not available for this step right now. Nothing was sent.";

/** Plain explanations of the order relay's refusals (POST /relay/orders, the API's `error.code`). */
export const RELAY_REFUSALS: Partial<Record<ApiErrorCode, string>> = {
  RELAY_FEE_TOO_LOW: "Gas became dearer since the relay's quote. Nothing was sent; try again.",
  RELAY_WOULD_REVERT: "The escrow or the token would refuse this payment. Nothing was sent.",
  RELAY_DUPLICATE: "This payment is already on its way.",
  RELAY_SENDER_LIMITED: "The relay has sent many orders for this wallet in the last hour. Nothing was sent; try again later.",
};

/** The refusal for any other relay code: the relay cannot send this payment. */
const RELAY_REFUSED = "The relay cannot send this payment right now. Nothing was sent.";

/** A fee in basis points as a percentage: 50 → "0.5%". */
export const formatBps = (bps: bigint | number) => `${Number(bps) / 100}%`;

/** The placeholders of an error's explanation, from the error's arguments. */
export const CONTRACT_ERROR_VARS: Record<string, (args: readonly unknown[]) => Record<string, string>> = {
  // EscrowFeeAboveLimit(feeBps, maxFeeBps)
  EscrowFeeAboveLimit: ([fee, limit]) => ({ fee: formatBps(fee as bigint), limit: formatBps(limit as bigint) }),
};

export function describeError(error: unknown, t: Translate = (text, vars) => format(text, vars)): string {
  if (error instanceof ApiError) {
    if (error.code.startsWith("RELAY_")) return `${t(RELAY_REFUSALS[error.code as ApiErrorCode] ?? RELAY_REFUSED)} (${error.code})`;
    return t(error.message);
  }
  if (error instanceof BaseError) {
    const rejected = error.walk((e) => e instanceof UserRejectedRequestError);
    if (rejected) return t("You rejected the request in your wallet.");
    const refusal = paymasterRefusalCode(error);
    if (refusal) return `${t(PAYMASTER_REFUSALS[refusal] ?? PAYMASTER_REFUSED)} (${refusal})`;
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const { errorName: name, args = [] } = revert.data ?? decodeAnyError(revert.raw) ?? {};
      if (name && CONTRACT_ERRORS[name]) return `${t(CONTRACT_ERRORS[name], CONTRACT_ERROR_VARS[name]?.(args))} (${name})`;
      if (name) return t("The contract refused: {name}", { name });
      if (revert.reason) return revert.reason;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Every ABI of the app: an error bubbled up from another contract (a token refusing a deposit) decodes too. */
const ALL_ERRORS = [...escrowAbi, ...arbitratorPoolAbi, ...fallbackArbitratorAbi, ...stablecoinAbi].filter((item) => item.type === "error");

function decodeAnyError(raw: Hex | undefined): { errorName: string; args?: readonly unknown[] } | undefined {
  if (!raw) return undefined;
  try {
    return decodeErrorResult({ abi: ALL_ERRORS, data: raw });
  } catch {
    return undefined;
  }
}

/** The paymaster service's refusal code somewhere in `error`'s causes (a JSON-RPC error's data). */
function paymasterRefusalCode(error: BaseError): ApiErrorCode | undefined {
  const codeOf = (e: unknown) => {
    const code = e instanceof RpcRequestError ? (e.data as { code?: unknown } | undefined)?.code : undefined;
    return typeof code === "string" && code.startsWith("PAYMASTER_") ? (code as ApiErrorCode) : undefined;
  };
  let code: ApiErrorCode | undefined;
  error.walk((e) => {
    code = codeOf(e);
    return code !== undefined;
  });
  return code;
}
