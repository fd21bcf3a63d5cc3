import type { ReactNode } from "react";
import { WalletShell } from "@/components/wallet/wallet-shell.tsx";

// Routes that sign: wagmi and RainbowKit load here only.
export default function WalletLayout({ children }: { children: ReactNode }) {
  return <WalletShell>{children}</WalletShell>;
}
