// @vitest-environment happy-dom
import { escrowAbi } from "@p2p-escrow/contracts/deployments";
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult } from "viem";
import { describe, expect, it } from "vitest";
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { fa } from "@/i18n/fa.ts";
import type { TxState } from "@/lib/tx/use-transaction.ts";
import { render, textOf } from "./render.tsx";

const LOCAL = 31337;
const HASH = `0x${"ab".repeat(32)}` as const;
const tx = (stage: TxState["stage"], confirmations: number, extra: Partial<TxState> = {}): TxState => ({
  label: "Confirm receipt",
  stage,
  hash: HASH,
  confirmations,
  required: 3,
  ...extra,
});

describe("TxStatus", () => {
  it("shows nothing until the user starts a transaction", () => {
    const { container } = render(<TxStatus state={{ label: "", stage: "idle", confirmations: 0, required: 1 }} chainId={LOCAL} />);
    expect(container.innerHTML).toBe("");
  });

  it("walks a transaction through signing, pending, mined and confirmed, counting confirmations against the required number", () => {
    const view = render(<TxStatus state={tx("signing", 0, { hash: undefined })} chainId={LOCAL} />);
    const status = () => view.get('[data-testid="tx-status"]');
    expect(status().getAttribute("role")).toBe("status");
    expect(textOf(status())).toBe("Confirm receipt: Confirm in your wallet…");

    view.rerender(<TxStatus state={tx("pending", 0)} chainId={LOCAL} />);
    expect(status().dataset.stage).toBe("pending");
    expect(textOf(status())).toBe("Confirm receipt: Pending: waiting to be mined…");

    view.rerender(<TxStatus state={tx("mined", 1)} chainId={LOCAL} />);
    expect(textOf(status())).toBe("Confirm receipt: Mined: 1 of 3 confirmations");

    view.rerender(<TxStatus state={tx("confirmed", 3)} chainId={LOCAL} />);
    expect(status().dataset.stage).toBe("confirmed");
    expect(textOf(status())).toBe("Confirm receipt: Confirmed (3 of 3 confirmations)");
  });

  it("explains a reverted transaction's custom error in plain words, in the reader's language", () => {
    const revert = new ContractFunctionExecutionError(
      new ContractFunctionRevertedError({
        abi: escrowAbi,
        functionName: "expireOrder",
        data: encodeErrorResult({ abi: escrowAbi, errorName: "EscrowWindowOpen", args: [7n, 1_900_000_000n] } as never),
      }),
      { abi: escrowAbi, functionName: "expireOrder", args: [7n] },
    );
    const failed = tx("failed", 0, { label: "Claim refund", error: revert });

    const english = render(<TxStatus state={failed} chainId={LOCAL} />);
    expect(textOf(english.get('[data-stage="failed"]'))).toBe(
      "Claim refund: The window is still open; the timeout cannot be claimed yet. (EscrowWindowOpen)",
    );

    const persian = render(<TxStatus state={failed} chainId={LOCAL} />, { locale: "fa", messages: fa });
    expect(textOf(persian.get('[data-stage="failed"]'))).toContain(fa["The window is still open; the timeout cannot be claimed yet."]!);
    expect(textOf(persian.get('[data-stage="failed"]'))).toContain("(EscrowWindowOpen)");
  });
});
