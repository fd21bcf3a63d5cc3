"use client";
// A viem client per chain for the checks that need a chain's state outside any wallet: a contract
// account's signature (ERC-1271, or ERC-6492 before it is deployed) of its key binding or of a
// review. Built from the runtime's RPC URLs, so it works on the browsing routes too, which ship
// without wagmi. An EOA's signature is checked without it.
import { useCallback, useMemo } from "react";
import { type Client, createPublicClient, http } from "viem";
import { useRuntimeConfig } from "@/config/runtime-context.tsx";

/** The client of a chain by id, or undefined for a chain this server has no RPC URL for. */
export function useChainClients(): (chainId: number) => Client | undefined {
  const { rpcUrls } = useRuntimeConfig();
  const clients = useMemo(
    () => new Map(Object.entries(rpcUrls).map(([id, url]) => [Number(id), createPublicClient({ transport: http(url) }) as Client])),
    [rpcUrls],
  );
  return useCallback((chainId: number) => clients.get(chainId), [clients]);
}
