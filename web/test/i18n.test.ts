import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fa } from "@/i18n/fa.ts";
import { format, translate } from "@/i18n/i18n.tsx";
import { CONTRACT_ERRORS } from "@/lib/tx/errors.ts";

const SRC = path.resolve(import.meta.dirname, "../src");

async function sources(): Promise<string[]> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.startsWith("fa."))
      .map((e) => readFile(path.join(e.parentPath, e.name), "utf8")),
  );
}

describe("translations", () => {
  it("has a Persian entry for every literal string the app passes to t()", async () => {
    const used = new Set<string>();
    for (const source of await sources())
      for (const match of source.matchAll(/(?<![\w.])t\("((?:[^"\\]|\\.)+)"/g)) used.add(match[1]!.replace(/\\"/g, '"'));
    const missing = [...used].filter((text) => !(text in fa));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });

  it("keeps every placeholder of the English text in its Persian text", () => {
    for (const [english, persian] of Object.entries(fa)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(persian), english).toEqual(names(english));
    }
  });

  it("fills placeholders and falls back to English for a string without a translation", () => {
    expect(translate(fa, "Order #{id}", { id: 7 })).toBe("سفارش #7");
    expect(translate({}, "Order #{id}", { id: 7 })).toBe("Order #7");
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("explains every contract error in plain words in both languages", () => {
    const untranslated = Object.values(CONTRACT_ERRORS).filter((text) => !(text in fa));
    expect(untranslated).toEqual([]);
  });
});
