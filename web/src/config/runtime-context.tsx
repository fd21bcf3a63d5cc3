"use client";
import { createContext, type ReactNode, useContext } from "react";
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
