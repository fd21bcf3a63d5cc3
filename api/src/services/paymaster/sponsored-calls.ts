// Which user operations the paymaster service pays gas for: calls of the marketplace, made by an
// account of the kinds it knows (SimpleAccount v0.8 and Simple7702Account share `execute` and
// `executeBatch`). Anything else would let a stranger spend the paymaster's deposit on their own
// business and pay for it in the marketplace's tokens, at a price meant for the marketplace's calls.
import { simpleAccountAbi, stablecoinAbi } from "@p2p-escrow/contracts/deployments";
import { type Address, decodeFunctionData, type Hex, isAddressEqual, maxUint256 } from "viem";

/** More calls than any marketplace action batches (approvals, then the action). */
export const MAX_SPONSORED_CALLS = 4;

export interface SponsoredTargets {
  /** The marketplace's contracts: every call to them is sponsored. */
  contracts: readonly Address[];
  /** The marketplace's stablecoins on the chain: only `approve` to a contract above or the paymaster. */
  tokens: readonly Address[];
  paymaster: Address;
}

export interface SponsoredCalls {
  /** The batch approves the paymaster for the gas token without limit (the deferred path's first operation). */
  approvesPaymaster: boolean;
}

export class CallNotSponsored extends Error {}

interface Call {
  target: Address;
  value: bigint;
  data: Hex;
}

function callsOf(callData: Hex): Call[] {
  let decoded: ReturnType<typeof decodeFunctionData<typeof simpleAccountAbi>>;
  try {
    decoded = decodeFunctionData({ abi: simpleAccountAbi, data: callData });
  } catch {
    throw new CallNotSponsored("The operation's call data is not an account's execute or executeBatch");
  }
  if (decoded.functionName === "execute") {
    const [target, value, data] = decoded.args;
    return [{ target, value, data }];
  }
  if (decoded.functionName === "executeBatch") return [...decoded.args[0]];
  throw new CallNotSponsored(`The operation calls the account's ${decoded.functionName}, which the paymaster does not sponsor`);
}

const includes = (list: readonly Address[], address: Address) => list.some((a) => isAddressEqual(a, address));

/** Checks every call of `callData` against `targets`; throws CallNotSponsored naming the first that is not. */
export function checkSponsoredCalls(callData: Hex, gasToken: Address, targets: SponsoredTargets): SponsoredCalls {
  const calls = callsOf(callData);
  if (calls.length === 0) throw new CallNotSponsored("The operation makes no call");
  if (calls.length > MAX_SPONSORED_CALLS) {
    throw new CallNotSponsored(`The operation makes ${calls.length} calls; the paymaster sponsors at most ${MAX_SPONSORED_CALLS}`);
  }
  let approvesPaymaster = false;
  for (const [index, call] of calls.entries()) {
    const where = `call ${index + 1}`;
    // Native value would be the paymaster's deposit leaving as the sender's payment.
    if (call.value !== 0n) throw new CallNotSponsored(`${where} sends native coin; sponsored calls send none`);
    if (includes(targets.contracts, call.target)) continue;
    if (!includes(targets.tokens, call.target))
      throw new CallNotSponsored(`${where} is to ${call.target}, not a contract of the marketplace`);
    let approval: ReturnType<typeof decodeFunctionData<typeof stablecoinAbi>>;
    try {
      approval = decodeFunctionData({ abi: stablecoinAbi, data: call.data });
    } catch {
      throw new CallNotSponsored(`${where} to the token ${call.target} is not a call the paymaster knows`);
    }
    if (approval.functionName !== "approve") {
      throw new CallNotSponsored(`${where} calls the token's ${approval.functionName}; only approve is sponsored`);
    }
    const [spender, amount] = approval.args;
    if (isAddressEqual(spender, targets.paymaster)) {
      // The deferred path needs the approval before anything can take the tokens away; docs/gas.md
      // asks for the unlimited amount (USDT cannot change a non-zero allowance to another).
      if (index !== 0 || !isAddressEqual(call.target, gasToken) || amount !== maxUint256) {
        throw new CallNotSponsored(
          `${where} approves the paymaster; only the first call may, for the gas token, and for the unlimited amount`,
        );
      }
      approvesPaymaster = true;
      continue;
    }
    if (!includes(targets.contracts, spender)) {
      throw new CallNotSponsored(`${where} approves ${spender}, which is not a contract of the marketplace`);
    }
  }
  return { approvesPaymaster };
}
