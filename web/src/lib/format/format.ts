// Display helpers shared by the views.
import { formatUnits } from "viem";
import { tokenInfo } from "@/config/chains.ts";

export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** Token units as whole tokens with the token's symbol, e.g. "120.5 USDC". */
export function formatAmount(chainId: number, token: string, units: string | bigint): string {
  const info = tokenInfo(chainId, token);
  if (!info) return `${units} units`;
  return `${formatUnits(BigInt(units), info.decimals)} ${info.symbol}`;
}

/** "2h 05m", "3d 4h", or "0s" once passed; the seconds matter only in the last minute. */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0s";
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = Math.floor(seconds % 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

export const formatDate = (unixSeconds: string | number, locale: string) =>
  new Date(Number(unixSeconds) * 1000).toLocaleString(locale === "fa" ? "fa-IR" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
