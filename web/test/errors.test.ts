import { escrowAbi } from "@p2p-escrow/contracts/deployments";
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/client.ts";
import { describeError } from "@/lib/tx/errors.ts";

const revert = (errorName: string, args: readonly unknown[]) =>
  new ContractFunctionExecutionError(
    new ContractFunctionRevertedError({
      abi: escrowAbi,
      functionName: "cancelOrder",
      data: encodeErrorResult({ abi: escrowAbi, errorName, args } as never),
    }),
    { abi: escrowAbi, functionName: "cancelOrder", args: [1n] },
  );

describe("describeError", () => {
  it("turns a decoded custom error into a plain sentence naming the error", () => {
    expect(describeError(revert("EscrowInvalidStatus", [1n, 3]))).toBe(
      "The order is in a state that does not allow this action (it may have changed meanwhile). (EscrowInvalidStatus)",
    );
  });

  it("says so when the user rejected the request in the wallet", () => {
    expect(describeError(new UserRejectedRequestError(new Error("denied")))).toBe("You rejected the request in your wallet.");
  });

  it("shows the API's message for an API error", () => {
    expect(describeError(new ApiError(409, "REVIEW_EXISTS", "You have already reviewed this order"))).toBe(
      "You have already reviewed this order",
    );
  });
});
