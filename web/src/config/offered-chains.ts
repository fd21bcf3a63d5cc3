// The chains this server offers its users: every deployed chain (chains.ts), except the local
// chain unless the runtime config enables it (runtime.ts: WEB_LOCAL_CHAIN). Views that let a user
// pick, switch to or pay on a chain take this list; showing an existing order or listing on any
// known chain still goes through chainInfo.
import { defaultChain, type SupportedChain, supportedChains } from "./chains.ts";
import type { RuntimeConfig } from "./runtime.ts";

type Offering = Pick<RuntimeConfig, "localChain">;

export function offeredChains({ localChain }: Offering): readonly SupportedChain[] {
  return localChain ? supportedChains : supportedChains.filter((chain) => chain.kind !== "local");
}

/** The offered chains, at least one: the wallet stack cannot start without a chain. */
export function requireOfferedChains(runtime: Offering): readonly [SupportedChain, ...SupportedChain[]] {
  const chains = offeredChains(runtime);
  if (chains.length === 0) throw new Error("No chain to offer: the local chain is the only deployed chain and WEB_LOCAL_CHAIN=0 hides it");
  return chains as readonly [SupportedChain, ...SupportedChain[]];
}

/** The chain a newcomer lands on: chains.ts's default when offered, else the first offered chain. */
export function offeredDefaultChain(runtime: Offering): SupportedChain {
  const chains = requireOfferedChains(runtime);
  return chains.find((c) => c.id === defaultChain.id) ?? chains[0];
}
