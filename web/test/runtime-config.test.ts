// @vitest-environment happy-dom
// Whether the local chain and the dev wallets are offered, with a real chain deployed next to the
// local one (the chain list is replaced; the generated deployments hold the local chain only).
import { hardhat, sepolia } from "viem/chains";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SupportedChain } from "@/config/chains.ts";
import { offeredChains, offeredDefaultChain } from "@/config/offered-chains.ts";
import { readRuntimeConfig } from "@/config/runtime.ts";
import { devWalletGroup } from "@/lib/wallet/dev-wallets.ts";
import { makeWagmiConfig } from "@/lib/wallet/wagmi-config.ts";

const deployed = vi.hoisted(() => ({ chains: [] as SupportedChain[] }));
vi.mock("@/config/chains.ts", () => ({
  get supportedChains() {
    return deployed.chains;
  },
  get defaultChain() {
    return deployed.chains[0];
  },
}));

const chain = (c: typeof hardhat | typeof sepolia, kind: SupportedChain["kind"]) =>
  ({ id: c.id, name: c.name, chain: c, kind, tokens: [] }) as unknown as SupportedChain;
const LOCAL = chain(hardhat, "local");
const SEPOLIA = chain(sepolia, "testnet");
const LOCAL_RPC = { RPC_URL_31337: "http://127.0.0.1:9545" };

/** A production server's environment with these variables. */
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ NODE_ENV: "production", ...vars });
const ids = (chains: readonly { id: number }[]) => chains.map((c) => c.id);
const walletNames = (vars: Record<string, string>) => makeWagmiConfig(readRuntimeConfig(env(vars))).connectors.map((c) => c.name);

describe("the local chain and the dev wallets", () => {
  afterEach(() => {
    deployed.chains = [];
  });

  describe("next to a real chain", () => {
    const realAndLocal = () => (deployed.chains = [LOCAL, SEPOLIA]);

    it("are not offered by default: a server pointing at real chains offers only those", () => {
      realAndLocal();
      const runtime = readRuntimeConfig(env());
      expect(runtime.localChain).toBe(false);
      expect(ids(offeredChains(runtime))).toEqual([sepolia.id]);
      expect(offeredDefaultChain(runtime).id).toBe(sepolia.id);
      expect(devWalletGroup(runtime)).toBeNull();
      expect(ids(makeWagmiConfig(runtime).chains)).toEqual([sepolia.id]);
      expect(walletNames({}).filter((name) => name.startsWith("Dev:"))).toEqual([]);
    });

    it("are offered when the local chain has an RPC URL configured, as `pnpm dev` does", () => {
      realAndLocal();
      const runtime = readRuntimeConfig(env(LOCAL_RPC));
      expect(runtime.localChain).toBe(true);
      expect(ids(offeredChains(runtime))).toEqual([hardhat.id, sepolia.id]);
      expect(offeredDefaultChain(runtime).id).toBe(hardhat.id);
      expect(ids(makeWagmiConfig(runtime).chains)).toEqual([hardhat.id, sepolia.id]);
      expect(walletNames(LOCAL_RPC)).toEqual(expect.arrayContaining(["Dev: alice (buyer)", "Dev: bob (seller)", "Dev: erin (arbitrator)"]));
    });

    it("include the stablecoin-only wallets only where the local chain's bundler is configured: they send user operations", () => {
      realAndLocal();
      const stablecoinOnly = (names: string[]) => names.filter((name) => name.includes("stablecoins only"));
      expect(stablecoinOnly(walletNames(LOCAL_RPC))).toEqual([]);
      const withBundler = { ...LOCAL_RPC, BUNDLER_URL_31337: "http://127.0.0.1:4337/rpc" };
      expect(readRuntimeConfig(env(withBundler)).bundlerUrls).toEqual({ 31337: "http://127.0.0.1:4337/rpc" });
      expect(stablecoinOnly(walletNames(withBundler))).toEqual([
        "Dev: ivy (buyer, stablecoins only)",
        "Dev: jack (seller, stablecoins only)",
      ]);
    });

    it("follow WEB_LOCAL_CHAIN when it is set", () => {
      realAndLocal();
      expect(readRuntimeConfig(env({ WEB_LOCAL_CHAIN: "1" })).localChain).toBe(true);
      expect(readRuntimeConfig(env({ WEB_LOCAL_CHAIN: "true" })).localChain).toBe(true);
      expect(readRuntimeConfig(env({ ...LOCAL_RPC, WEB_LOCAL_CHAIN: "0" })).localChain).toBe(false);
      expect(walletNames({ ...LOCAL_RPC, WEB_LOCAL_CHAIN: "false" }).filter((name) => name.startsWith("Dev:"))).toEqual([]);
      expect(() => readRuntimeConfig(env({ WEB_LOCAL_CHAIN: "maybe" }))).toThrow(/WEB_LOCAL_CHAIN must be 1 or 0/);
    });
  });

  describe("when the local chain is the only deployed chain", () => {
    it("are offered by default, and refusing them leaves no chain to start with", () => {
      deployed.chains = [LOCAL];
      expect(readRuntimeConfig(env()).localChain).toBe(true);
      expect(devWalletGroup(readRuntimeConfig(env()))?.wallets).toHaveLength(7);
      expect(() => makeWagmiConfig(readRuntimeConfig(env({ WEB_LOCAL_CHAIN: "0" })))).toThrow(/No chain to offer/);
    });
  });

  it("are never offered where no local chain is deployed, whatever the flag says", () => {
    deployed.chains = [SEPOLIA];
    const runtime = readRuntimeConfig(env({ WEB_LOCAL_CHAIN: "1" }));
    expect(ids(offeredChains(runtime))).toEqual([sepolia.id]);
    expect(devWalletGroup(runtime)).toBeNull();
  });
});
