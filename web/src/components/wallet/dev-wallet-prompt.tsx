"use client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog.tsx";
// The dev wallet's prompt before it signs a user operation: the calls it makes and the most their
// gas may cost in the stablecoin, as the paymaster's signed quote caps it (docs/gas.md).
import { tokenInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { useDevWalletPrompt } from "@/stores/dev-wallet-prompt.ts";

export function DevWalletPrompt() {
  const t = useT();
  const { formatTokenAmount, formatNumber } = useFormat();
  const pending = useDevWalletPrompt((s) => s.pending);
  const request = pending?.request;
  // Looked up once, for both its symbol and the cap in its units.
  const token = request ? tokenInfo(request.chainId, request.token) : undefined;
  return (
    <ConfirmDialog
      kind="wallet"
      request={
        request
          ? {
              title: t("Dev wallet ({wallet}): sign this operation?", { wallet: request.wallet }),
              consequences: (
                <>
                  <p data-testid="dev-wallet-gas">
                    {t("Gas, paid in {symbol}: at most {amount}.", {
                      symbol: token?.symbol ?? request.token,
                      amount: formatTokenAmount(token, request.maxTokenCost),
                    })}
                  </p>
                  <p>
                    {t("The cap is part of what you sign: the paymaster cannot take more. Calls in this operation: {calls}.", {
                      calls: formatNumber(request.calls),
                    })}
                  </p>
                </>
              ),
              confirmLabel: t("Sign"),
              cancelLabel: t("Reject"),
            }
          : null
      }
      onConfirm={() => pending?.answer(true)}
      onCancel={() => pending?.answer(false)}
    />
  );
}
