// Turns whatever a wallet, the chain or the API threw into one plain sentence. Contract reverts are
// decoded from the ABI (custom errors with their arguments) and explained per error name.
import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError } from "viem";
import { ApiError } from "@/lib/api/client.ts";

type Translate = (text: string, vars?: Record<string, string | number | bigint>) => string;

/** Plain explanations of the contracts' custom errors; `{0}`, `{1}`… are the error's arguments. */
export const CONTRACT_ERRORS: Record<string, string> = {
  EscrowAmountAboveCap: "The amount is above this token's per-order cap.",
  EscrowArbitratorAssigned: "An arbitrator is already assigned to this dispute.",
  EscrowInvalidAmount: "The amount is not valid.",
  EscrowInvalidRecipient: "That recipient address is not valid.",
  EscrowInvalidRuling: "That ruling is not valid.",
  EscrowInvalidSeller: "You cannot buy from yourself, and the seller must be a real address.",
  EscrowInvalidSplit: "The buyer's share cannot exceed the order amount.",
  EscrowInvalidStatus: "The order is in a state that does not allow this action (it may have changed meanwhile).",
  EscrowNoArbitrator: "No arbitrator is assigned to this dispute yet.",
  EscrowNothingToWithdraw: "You have nothing to withdraw in this token.",
  EscrowPaused: "New orders are paused on this chain. Existing orders keep working.",
  EscrowRandomnessPending: "The random draw is not ready yet; try again in a few blocks.",
  EscrowSettlementMismatch: "The settlement offer changed; review the new offer before accepting.",
  EscrowTokenNotAllowed: "This token is not accepted by the escrow.",
  EscrowUnauthorized: "Your wallet is not allowed to do this on this order.",
  EscrowWindowClosed: "The window for this action has closed.",
  EscrowWindowOpen: "The window is still open; the timeout cannot be claimed yet.",
  PoolAlreadyRegistered: "This wallet is already registered as an arbitrator.",
  PoolCooldownActive: "The unstaking cooldown has not ended yet.",
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

export function describeError(error: unknown, t: Translate = (s) => s): string {
  if (error instanceof ApiError) return t(error.message);
  if (error instanceof BaseError) {
    const rejected = error.walk((e) => e instanceof UserRejectedRequestError);
    if (rejected) return t("You rejected the request in your wallet.");
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName;
      if (name && CONTRACT_ERRORS[name]) return `${t(CONTRACT_ERRORS[name])} (${name})`;
      if (name) return t("The contract refused: {name}", { name });
      if (revert.reason) return revert.reason;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
