// The quote's layout in paymasterData, read back as a wallet reads it before the sender signs.
import { describe, expect, it } from "vitest";
import { decodePaymasterData, encodePaymasterData, STUB_QUOTE_SIGNATURE } from "../../contracts/paymaster-quote.ts";

const quote = {
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  validUntil: 1_800_000_120,
  validAfter: 1_800_000_000,
  price: 3_795_000_000n,
  maxTokenCost: 836_250n,
} as const;

describe("paymasterData", () => {
  it("gives back the quote and the signature it was encoded with", () => {
    expect(decodePaymasterData(encodePaymasterData(quote, STUB_QUOTE_SIGNATURE))).toEqual({ quote, signature: STUB_QUOTE_SIGNATURE });
    expect(decodePaymasterData(encodePaymasterData(quote))).toEqual({ quote, signature: "0x" });
  });

  it("refuses data too short to carry a quote", () => {
    expect(() => decodePaymasterData("0x1234")).toThrow(/carries a quote of 64 bytes, got 2/);
  });
});
