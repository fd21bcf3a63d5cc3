import { describe, expect, it } from "vitest";
import { fa } from "@/i18n/fa.ts";
import { chooseLocale, htmlLang, isRtl, LOCALES, negotiateLocale, parseLocale } from "@/i18n/locales.ts";
import { format, translate } from "@/i18n/messages.ts";
import { RAINBOWKIT_LOCALE } from "@/i18n/rainbowkit.ts";
import { CONTRACT_ERRORS } from "@/lib/tx/errors.ts";
import { DICTIONARIES, en, problemsOf, requiredKeys, sourceStrings } from "../scripts/i18n-catalog.ts";

describe("translations", async () => {
  const strings = await sourceStrings();
  const required = requiredKeys(strings, Object.values(CONTRACT_ERRORS));

  it("finds the strings the app passes to t()", () => {
    expect(strings.called.size).toBeGreaterThan(100);
    expect(strings.called).toContain("{average} / 5 from {count} reviews");
  });

  for (const [locale, messages] of Object.entries(DICTIONARIES)) {
    it(`has a ${locale} entry for every string the app translates, and none it no longer uses`, () => {
      const problems = problemsOf(locale as keyof typeof DICTIONARIES, messages, required, strings);
      expect(problems.missing, "missing: run node web/scripts/i18n-missing.ts").toEqual([]);
      expect(problems.unused, "no longer used by the app").toEqual([]);
    });

    it(`keeps the English placeholders and gives every {count} sentence the ${locale} plural forms`, () => {
      const problems = problemsOf(locale as keyof typeof DICTIONARIES, messages, required, strings);
      expect(problems.placeholders).toEqual([]);
      expect(problems.plurals).toEqual([]);
    });
  }

  it("gives every English {count} sentence its singular", () => {
    expect(problemsOf("en", en, required, strings)).toEqual({ missing: [], unused: [], placeholders: [], plurals: [] });
  });

  it("explains every contract error in plain words in every language", () => {
    for (const messages of Object.values(DICTIONARIES))
      expect(Object.values(CONTRACT_ERRORS).filter((text) => !(text in messages))).toEqual([]);
  });
});

describe("translate", () => {
  it("fills placeholders in the language's digits and falls back to English for a string without a translation", () => {
    expect(translate("fa", fa, "Order #{id}", { id: 7 })).toBe("سفارش #۷");
    expect(translate("en", {}, "Order #{id}", { id: 7 })).toBe("Order #7");
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("picks the English singular and plural", () => {
    const reviews = (count: number) => translate("en", en, "{average} / 5 from {count} reviews", { average: "4.5", count });
    expect(reviews(1)).toBe("4.5 / 5 from 1 review");
    expect(reviews(2)).toBe("4.5 / 5 from 2 reviews");
    expect(reviews(0)).toBe("4.5 / 5 from 0 reviews");
  });

  it("writes Persian counts in Persian digits, the noun in the singular after any number", () => {
    const reviews = (count: number) => translate("fa", fa, "{average} / 5 from {count} reviews", { average: "۴٫۵", count });
    expect(reviews(1)).toBe("۴٫۵ از ۵ از ۱ نظر");
    expect(reviews(12)).toBe("۴٫۵ از ۵ از ۱۲ نظر");
  });

  it("chooses among the six Arabic forms by the count", () => {
    const forms = { zero: "z {count}", one: "o {count}", two: "t {count}", few: "f {count}", many: "m {count}", other: "x {count}" };
    const pick = (count: number) => translate("ar", { key: forms }, "key", { count });
    expect([0, 1, 2, 3, 10, 11, 99, 100, 102].map(pick)).toEqual(["z 0", "o 1", "t 2", "f 3", "f 10", "m 11", "m 99", "x 100", "x 102"]);
  });

  it("uses the `other` form when a language has no text for the count's category", () => {
    expect(translate("fr", { k: { one: "{count} avis", other: "{count} avis (pl)" } }, "k", { count: 1_000_000 })).toBe(
      "1000000 avis (pl)",
    );
  });
});

describe("locales", () => {
  it("writes Persian and Arabic right to left, the others left to right", () => {
    expect(LOCALES.filter(isRtl)).toEqual(["fa", "ar"]);
  });

  it("reads the cookie, and on a first visit the best of the browser's languages", () => {
    expect(parseLocale("ar")).toBe("ar");
    expect(parseLocale("de")).toBe("en");
    expect(negotiateLocale("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7")).toBe("fr");
    expect(negotiateLocale("en;q=0.5, vi-VN")).toBe("vi");
    expect(negotiateLocale("zh-CN,zh;q=0.9")).toBe("zh");
    expect(negotiateLocale("ja, *;q=0.1")).toBe("en");
    expect(negotiateLocale(undefined)).toBe("en");
    expect(chooseLocale("fa", "ar")).toBe("fa");
    expect(chooseLocale(undefined, "ar-EG,ar;q=0.9")).toBe("ar");
    expect(htmlLang("zh")).toBe("zh-Hans");
  });

  it("never shows the wallet dialog in Arabic to a Persian reader", () => {
    expect(RAINBOWKIT_LOCALE.fa).toBe("en-US");
    expect(RAINBOWKIT_LOCALE.ar).toBe("ar-AR");
  });
});
