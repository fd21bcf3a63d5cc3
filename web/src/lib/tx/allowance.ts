// Allowances before a token moves: whether a spender's falls short, and the approve call that fixes
// it, for a batch of calls (gas in stablecoins) or a transaction of its own.
import { type Address, encodeFunctionData, type Hex } from "viem";
import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import { stablecoinAbi } from "@/generated/contracts.ts";

export interface Call {
  to: Address;
  data: Hex;
}

/** Whether `spender` may take less than `amount` of `owner`'s `token` on `chainId`. */
export async function allowanceBelow(
  config: Config,
  { chainId, token, owner, spender, amount }: { chainId: number; token: Address; owner: Address; spender: Address; amount: bigint },
): Promise<boolean> {
  const allowance = await readContract(config, {
    address: token,
    abi: stablecoinAbi,
    functionName: "allowance",
    args: [owner, spender],
    chainId,
  });
  return allowance < amount;
}

/** `token`'s approve(spender, amount) as a call. */
export const approveCall = (token: Address, spender: Address, amount: bigint): Call => ({
  to: token,
  data: encodeFunctionData({ abi: stablecoinAbi, functionName: "approve", args: [spender, amount] }),
});
