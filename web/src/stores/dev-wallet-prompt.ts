// The dev wallet's own prompt, as a wallet extension shows one before it signs: what the operation
// does and the most its gas may cost in the stablecoin. The connector (outside React) asks; the
// prompt component (components/wallet/dev-wallet-prompt.tsx) answers with the person's choice.
import type { Address } from "viem";
import { create } from "zustand";

export interface DevWalletRequest {
  /** The dev account's role, as the wallet list names it. */
  wallet: string;
  /** How many calls the operation makes (an approval of the paymaster rides first on a first use). */
  calls: number;
  chainId: number;
  /** The stablecoin that pays the gas. */
  token: Address;
  /** The most the operation's gas may cost, in the token's base units: the signed quote's cap. */
  maxTokenCost: bigint;
}

interface DevWalletPromptState {
  pending: { request: DevWalletRequest; answer: (signed: boolean) => void } | null;
}

export const useDevWalletPrompt = create<DevWalletPromptState>()(() => ({ pending: null }));

/** Shows `request` and resolves with whether the person signs; a newer request turns down the one still open. */
export function askDevWallet(request: DevWalletRequest): Promise<boolean> {
  useDevWalletPrompt.getState().pending?.answer(false);
  return new Promise((resolve) =>
    useDevWalletPrompt.setState({
      pending: {
        request,
        answer: (signed) => {
          useDevWalletPrompt.setState({ pending: null });
          resolve(signed);
        },
      },
    }),
  );
}
