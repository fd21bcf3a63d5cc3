import { escrowAbi, stablecoinAbi } from "@p2p-escrow/contracts/deployments";
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  RpcRequestError,
  UnknownRpcError,
  UserRejectedRequestError,
} from "viem";
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

const ZERO = "0x0000000000000000000000000000000000000000";

describe("describeError", () => {
  it("turns a decoded custom error into a plain sentence naming the error", () => {
    expect(describeError(revert("EscrowInvalidStatus", [1n, 3]))).toBe(
      "The order is in a state that does not allow this action (it may have changed meanwhile). (EscrowInvalidStatus)",
    );
  });

  it("explains a fee raised after the buyer saw it, with the new fee and the buyer's limit, and that nothing was paid", () => {
    expect(describeError(revert("EscrowFeeAboveLimit", [75n, 50n]))).toBe(
      "The protocol fee rose to 0.75% after you saw the price, above the 0.5% you accepted. Nothing was paid; check the new fee and buy again. (EscrowFeeAboveLimit)",
    );
  });

  it("decodes an error another contract raised inside the call, such as the token refusing a deposit", () => {
    const data = encodeErrorResult({ abi: stablecoinAbi, errorName: "ERC20InsufficientBalance", args: [ZERO, 1n, 2n] });
    const bubbled = new ContractFunctionExecutionError(
      new ContractFunctionRevertedError({ abi: escrowAbi, functionName: "openDispute", data }),
      {
        abi: escrowAbi,
        functionName: "openDispute",
        args: [1n],
      },
    );
    expect(describeError(bubbled)).toBe("Your token balance is too low. (ERC20InsufficientBalance)");
  });

  it("says so when the user rejected the request in the wallet", () => {
    expect(describeError(new UserRejectedRequestError(new Error("denied")))).toBe("You rejected the request in your wallet.");
  });

  it("shows the API's message for an API error", () => {
    expect(describeError(new ApiError(409, "REVIEW_EXISTS", "You have already reviewed this order"))).toBe(
      "You have already reviewed this order",
    );
  });

  it("explains the paymaster service's refusal that came back through the wallet, and that nothing was sent", () => {
    const refused = (code: string) =>
      new UnknownRpcError(
        new RpcRequestError({
          body: { method: "pm_getPaymasterStubData" },
          error: {
            code: -32001,
            message: "0xabc holds 1 base units of 0xdef; the gas may cost up to 5000000",
            data: { code, balance: "1" },
          },
          url: "http://127.0.0.1/paymaster",
        }),
      );
    expect(describeError(refused("PAYMASTER_INSUFFICIENT_BALANCE"))).toBe(
      "Your balance in this token does not also cover this step's gas, which is paid in the same token. Nothing was sent; add some of the token and try again. (PAYMASTER_INSUFFICIENT_BALANCE)",
    );
    expect(describeError(refused("PAYMASTER_CHAIN_UNSUPPORTED"))).toBe(
      "Gas in stablecoins is not available for this step right now. Nothing was sent. (PAYMASTER_CHAIN_UNSUPPORTED)",
    );
  });
});
