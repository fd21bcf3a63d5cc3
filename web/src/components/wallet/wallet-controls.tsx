"use client";
import { ConnectButton } from "@rainbow-me/rainbowkit";

export function WalletControls() {
  return <ConnectButton chainStatus="icon" accountStatus="address" showBalance={false} />;
}
