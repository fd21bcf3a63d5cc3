"use client";
// The chain's clock, as contracts see it: windows and cooldowns are judged by block.timestamp, not
// by this device. The device clock ticks the seconds; the latest block moves it forward when the
// chain runs ahead (a local node whose time was advanced, or a device clock that runs slow). A
// chain that lags is not followed back: its latest block may be minutes old when nothing is mined.
import { useEffect, useState } from "react";
import { useBlock } from "wagmi";

const deviceSeconds = () => Math.floor(Date.now() / 1000);

/** Unix seconds on the chain's clock, updated every second. */
export function useChainNow(chainId: number): number {
  const { data: block, dataUpdatedAt } = useBlock({ chainId, query: { refetchInterval: 5_000 } });
  const [now, setNow] = useState(deviceSeconds);
  useEffect(() => {
    const timer = setInterval(() => setNow(deviceSeconds()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now + chainLead(block?.timestamp, dataUpdatedAt);
}

/** How far the chain's clock runs ahead of this device's, from a block read at `readAt` (ms). */
export const chainLead = (blockTimestamp: bigint | undefined, readAt: number) =>
  blockTimestamp === undefined ? 0 : Math.max(0, Number(blockTimestamp) - Math.floor(readAt / 1000));
