import { describe, expect, it } from "vitest";
import type { Locale } from "@/i18n/locales.ts";
import { formatDate, formatDuration } from "@/lib/format/format.ts";
import { amountExample, canonicalAmount, formatNumber, formatUnitsLocal, parseAmount } from "@/lib/format/number.ts";

const NNBSP = "\u202f";

describe("amounts per language", () => {
  const amount = 1_234_567_891_234_567_890_123n; // 1,234.567891234567890123 with 18 decimals, beyond a double's precision

  it("writes each language's digits, decimal mark and groups, every decimal kept exactly", () => {
    const written = (locale: Locale) => formatUnitsLocal(amount, 18, locale);
    expect(written("en")).toBe("1,234.567891234567890123");
    expect(written("zh")).toBe("1,234.567891234567890123");
    expect(written("ar")).toBe("1,234.567891234567890123");
    expect(written("fr")).toBe(`1${NNBSP}234,567891234567890123`);
    expect(written("vi")).toBe("1.234,567891234567890123");
    expect(written("fa")).toBe("۱٬۲۳۴٫۵۶۷۸۹۱۲۳۴۵۶۷۸۹۰۱۲۳");
  });

  it("drops trailing zeros and writes whole amounts without a decimal mark", () => {
    expect(formatUnitsLocal(120_500_000n, 6, "en")).toBe("120.5");
    expect(formatUnitsLocal(5_000_000n, 6, "fa")).toBe("۵");
    expect(formatUnitsLocal(0n, 6, "fr")).toBe("0");
  });

  it("writes counts in the language's digits", () => {
    expect(formatNumber(12_345, "fa")).toBe("۱۲٬۳۴۵");
    expect(formatNumber(12_345, "fr")).toBe(`12${NNBSP}345`);
    expect(formatNumber(12_345, "ar")).toBe("12,345");
  });
});

describe("typed amounts", () => {
  it("reads the language's own way of writing an amount back exactly", () => {
    expect(parseAmount("1,234.5", "en", 6)).toBe(1_234_500_000n);
    expect(parseAmount(`1${NNBSP}234,5`, "fr", 6)).toBe(1_234_500_000n);
    expect(parseAmount("1 234,5", "fr", 6)).toBe(1_234_500_000n);
    expect(parseAmount("1.234,5", "vi", 6)).toBe(1_234_500_000n);
    expect(parseAmount("۱٬۲۳۴٫۵", "fa", 6)).toBe(1_234_500_000n);
    expect(parseAmount("١٢٣٤٫٥", "ar", 6)).toBe(1_234_500_000n);
    expect(parseAmount("0.000000000000000001", "en", 18)).toBe(1n);
  });

  it("reads the example a field shows as its hint", () => {
    for (const locale of ["en", "fa", "ar", "fr", "zh", "vi"] as const)
      expect(parseAmount(amountExample(locale), locale, 6)).toBe(1_234_500_000n);
  });

  it("takes a dot as the decimal mark in French and Vietnamese unless it groups thousands", () => {
    expect(canonicalAmount("12.5", "fr")).toBe("12.5");
    expect(canonicalAmount("0.5", "vi")).toBe("0.5");
    expect(canonicalAmount("1.500", "vi")).toBe("1500");
    expect(canonicalAmount("12,5", "en")).toBe("12.5");
  });

  it("refuses what is not an amount, or has more decimals than the token", () => {
    expect(parseAmount("abc", "en", 6)).toBeUndefined();
    expect(parseAmount("1.2.3", "en", 6)).toBeUndefined();
    expect(parseAmount("-1", "en", 6)).toBeUndefined();
    expect(parseAmount("0.1234567", "en", 6)).toBeUndefined();
    expect(parseAmount("", "en", 6)).toBeUndefined();
  });
});

describe("dates and countdowns", () => {
  it("writes countdowns in the language's words and digits", () => {
    expect(formatDuration(2 * 3600 + 5 * 60, "en")).toBe("2h 05m");
    expect(formatDuration(3 * 86_400 + 4 * 3600, "en")).toBe("3d 4h");
    expect(formatDuration(0, "en")).toBe("0s");
    expect(formatDuration(2 * 3600 + 5 * 60, "fa")).toBe("۲ ساعت ۰۵ دقیقه");
    expect(formatDuration(2 * 3600 + 5 * 60, "zh")).toMatch(/^2小时\s?05分钟$/);
  });

  it("dates Persian in the Solar Hijri calendar with Persian digits, Arabic in Latin digits", () => {
    const moment = Date.UTC(2026, 11, 2, 7, 12) / 1000;
    expect(formatDate(moment, "fa")).toContain("۱۴۰۵");
    expect(formatDate(moment, "ar")).toMatch(/2026/);
    expect(formatDate(moment, "ar")).not.toMatch(/[٠-٩]/);
  });
});
