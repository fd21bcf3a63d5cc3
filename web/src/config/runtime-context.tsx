"use client";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { offeredChains, offeredDefaultChain } from "./offered-chains.ts";
import type { RuntimeConfig } from "./runtime.ts";

const RuntimeContext = createContext<RuntimeConfig | null>(null);

export function RuntimeConfigProvider({ value, children }: { value: RuntimeConfig; children: ReactNode }) {
  return <RuntimeContext.Provider value={value}>{children}</RuntimeContext.Provider>;
}

export function useRuntimeConfig(): RuntimeConfig {
  const value = useContext(RuntimeContext);
  if (!value) throw new Error("useRuntimeConfig outside RuntimeConfigProvider");
  return value;
}

/** The chains this server offers (offered-chains.ts), and the one a newcomer lands on. */
export function useOfferedChains() {
  const { localChain } = useRuntimeConfig();
  return useMemo(() => ({ chains: offeredChains({ localChain }), defaultChain: offeredDefaultChain({ localChain }) }), [localChain]);
}
