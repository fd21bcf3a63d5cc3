// Where each chain's native coin price comes from (api/src/services/native-price.ts): the
// registry's Chainlink feed, unless the operator names another feed or a fixed price. Reading a
// feed on a real node is order-relay.test.ts's.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../api/src/config/env.ts";
import { nativePriceSourcesFrom } from "../../api/src/services/native-price.ts";
import { chains } from "../../contracts/chains.ts";

const FEED = "0x1111111111111111111111111111111111111111";
const MAINNET = chains.ethereum.chain.id;

describe("the native coin price sources", () => {
  it("price every public chain at its Chainlink feed from the registry, and the local chain at a fixed price", () => {
    const { sources, problems } = nativePriceSourcesFrom({});
    expect(problems).toEqual([]);
    for (const { chain, nativeUsdFeed } of Object.values(chains)) {
      expect(sources[chain.id]).toEqual(nativeUsdFeed ? { feed: nativeUsdFeed } : { fixedUsd: "3300" });
    }
  });

  it("take the operator's feed or fixed price over the registry's", () => {
    expect(nativePriceSourcesFrom({ [`PAYMASTER_NATIVE_PRICE_FEED_${MAINNET}`]: FEED }).sources[MAINNET]).toEqual({ feed: FEED });
    expect(nativePriceSourcesFrom({ [`PAYMASTER_NATIVE_PRICE_USD_${MAINNET}`]: " 3120.5 " }).sources[MAINNET]).toEqual({
      fixedUsd: "3120.5",
    });
    // Empty is unset.
    expect(nativePriceSourcesFrom({ [`PAYMASTER_NATIVE_PRICE_USD_${MAINNET}`]: "" }).sources[MAINNET]).toEqual({
      feed: chains.ethereum.nativeUsdFeed,
    });
  });

  it("refuse a chain given both a feed and a fixed price, a price that is not a positive number, and a feed that is not an address", () => {
    const both = nativePriceSourcesFrom({ PAYMASTER_NATIVE_PRICE_USD_1: "3000", PAYMASTER_NATIVE_PRICE_FEED_1: FEED });
    expect(both.problems).toEqual([
      expect.stringMatching(/chain 1's price is already set by PAYMASTER_NATIVE_PRICE_USD_1; set one of the two/),
    ]);
    expect(nativePriceSourcesFrom({ PAYMASTER_NATIVE_PRICE_USD_56: "0" }).problems).toEqual([
      expect.stringMatching(/PAYMASTER_NATIVE_PRICE_USD_56: a positive decimal number/),
    ]);
    expect(nativePriceSourcesFrom({ PAYMASTER_NATIVE_PRICE_FEED_56: "chainlink" }).problems).toEqual([
      expect.stringMatching(/PAYMASTER_NATIVE_PRICE_FEED_56: the address of a Chainlink price feed/),
    ]);
  });

  it("stop the API from starting with a malformed price source, naming it", () => {
    expect(() =>
      loadConfig({ DATABASE_URL: "postgres://localhost/dev", JWT_SECRET: "x".repeat(32), PAYMASTER_NATIVE_PRICE_FEED_1: "0x12" }),
    ).toThrow(/PAYMASTER_NATIVE_PRICE_FEED_1: the address of a Chainlink price feed/);
  });
});
