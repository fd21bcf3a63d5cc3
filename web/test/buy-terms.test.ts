// Buying checks the escrow's terms for the token before anything is sent: its minimum order, its
// cap, and whether it is allowed. The fee shown is the limit the order sends, and the balance is
// read again only while it falls short (use-buy.ts).
import { describe, expect, it } from "vitest";
import { balanceRefreshInterval, type PurchaseTerms, purchaseProblem } from "@/components/market/use-buy.ts";

const TERMS: PurchaseTerms = { minAmount: 10_000_000n, maxAmount: 0n, allowed: true, protocolFeeBps: 50n };

describe("purchaseProblem", () => {
  it("refuses a price below the token's minimum order, naming the minimum", () => {
    expect(purchaseProblem(9_999_999n, TERMS)).toEqual({
      text: "The price is below this token's minimum order of {minimum}.",
      vars: { minimum: 10_000_000n },
    });
    expect(purchaseProblem(10_000_000n, TERMS)).toBeNull();
  });

  it("refuses a price above a token's cap, and a token the escrow does not accept; no cap means none", () => {
    expect(purchaseProblem(20_000_001n, { ...TERMS, maxAmount: 20_000_000n })).toEqual({
      text: "The price is above this token's per-order cap of {cap}.",
      vars: { cap: 20_000_000n },
    });
    expect(purchaseProblem(10n ** 15n, TERMS)).toBeNull();
    expect(purchaseProblem(12_000_000n, { ...TERMS, allowed: false })).toEqual({ text: "This token is not accepted by the escrow." });
  });

  it("tells a wallet short of the price how much it lacks, once its balance is read", () => {
    expect(purchaseProblem(12_000_000n, TERMS, 11_500_000n)).toEqual({
      text: "Your balance is {missing} short of the price. Add some to this wallet, then buy.",
      vars: { missing: 500_000n },
    });
    expect(purchaseProblem(12_000_000n, TERMS, 12_000_000n)).toBeNull();
    expect(purchaseProblem(12_000_000n, TERMS, undefined)).toBeNull();
  });

  it("names the escrow's own refusal before the balance: no top-up makes a refused price acceptable", () => {
    expect(purchaseProblem(9_000_000n, TERMS, 0n)?.text).toBe("The price is below this token's minimum order of {minimum}.");
  });

  it("waits for the terms to be read before judging", () => {
    expect(purchaseProblem(1n, undefined)).toBeNull();
  });
});

describe("purchaseProblem with the relay's fee", () => {
  it("asks the balance to cover the price and the fee, and says so", () => {
    const price = 12_000_000n;
    const fee = 300_000n;
    expect(purchaseProblem(price, TERMS, price + fee, fee)).toBeNull();
    expect(purchaseProblem(price, TERMS, price, fee)).toEqual({
      text: "Your balance is {missing} short of the price and the relay's fee. Add some to this wallet, then buy.",
      vars: { missing: fee },
    });
  });
});

describe("balanceRefreshInterval", () => {
  const polls = (balance: bigint | undefined) => balanceRefreshInterval(balance, 12_000_000n) !== false;

  it("reads the balance again while it is short of the price or not yet read, and stops once it covers the price", () => {
    expect(polls(undefined)).toBe(true);
    expect(polls(11_999_999n)).toBe(true);
    expect(polls(12_000_000n)).toBe(false);
    expect(polls(50_000_000n)).toBe(false);
  });
});
