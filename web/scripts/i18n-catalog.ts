// What the dictionaries must hold, and what each one lacks. The keys are the English strings the
// app passes to t(), plus those it translates through a variable (a status, a label map), which
// fa.ts lists since every slice adds its Persian entry with the string. Shared by the unit test
// (web/test/i18n.test.ts) and `node web/scripts/i18n-missing.ts`.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ar } from "../src/i18n/ar.ts";
import { en } from "../src/i18n/en.ts";
import { fa } from "../src/i18n/fa.ts";
import { fr } from "../src/i18n/fr.ts";
import type { Locale } from "../src/i18n/locales.ts";
import type { Messages } from "../src/i18n/messages.ts";
import { vi } from "../src/i18n/vi.ts";
import { zh } from "../src/i18n/zh.ts";

export const DICTIONARIES: Record<Exclude<Locale, "en">, Messages> = { fa, ar, fr, zh, vi };
export { en };

const SRC = path.resolve(import.meta.dirname, "../src");
/** Where texts the app translates through a variable come from: order statuses from the indexer, error messages from the API. */
const DATA_SOURCES = ["../../indexer/src", "../../api/src", "../../protocol/src"].map((dir) => path.resolve(import.meta.dirname, dir));
const DICTIONARY_FILE = /^(en|fa|ar|fr|zh|vi)\.ts$/;

async function sources(root = SRC): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !(e.parentPath.endsWith("i18n") && DICTIONARY_FILE.test(e.name)))
      .map((e) => readFile(path.join(e.parentPath, e.name), "utf8")),
  );
}

const unquote = (literal: string) => literal.replace(/\\(["\\])/g, "$1");

export interface SourceStrings {
  /** Literal first arguments of t(...) calls. */
  called: Set<string>;
  /** Every double-quoted string in the app's sources: a key found nowhere here is no longer used. */
  literals: Set<string>;
}

export async function sourceStrings(): Promise<SourceStrings> {
  const called = new Set<string>();
  const literals = new Set<string>();
  const quoted = (source: string) => source.matchAll(/"((?:[^"\\\n]|\\.)*)"/g);
  for (const source of await sources()) {
    for (const m of source.matchAll(/(?<![\w.])t\(\s*"((?:[^"\\]|\\.)+)"/g)) called.add(unquote(m[1]!));
    for (const m of quoted(source)) literals.add(unquote(m[1]!));
  }
  for (const root of DATA_SOURCES) for (const source of await sources(root)) for (const m of quoted(source)) literals.add(unquote(m[1]!));
  return { called, literals };
}

export const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/**
 * Whether a text names the English key's placeholders. A plural form other than `other` may leave
 * out {count}: Arabic says "two days" in one word, English "one point per day".
 */
function samePlaceholders(key: string, message: Messages[string]): boolean {
  const expected = placeholders(key).join();
  if (typeof message === "string") return placeholders(message).join() === expected;
  const withoutCount = (text: string) =>
    placeholders(text)
      .filter((name) => name !== "count")
      .join();
  return Object.entries(message).every(([form, text]) =>
    form === "other" ? placeholders(text).join() === expected : withoutCount(text) === withoutCount(key),
  );
}

/** The plural categories a language's integers fall into (fr has "many", for a million). */
export const pluralCategories = (locale: Locale) => [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();

export interface Problems {
  /** Keys the app needs that the dictionary lacks. */
  missing: string[];
  /** Keys the app no longer uses. */
  unused: string[];
  /** Keys whose text names other placeholders than the English. */
  placeholders: string[];
  /** {count} sentences without exactly the language's plural forms. */
  plurals: string[];
}

/** Every key the dictionaries must hold: called literally, or listed by Persian (the reference). */
export function requiredKeys({ called }: SourceStrings, extra: Iterable<string> = []): Set<string> {
  return new Set([...called, ...Object.keys(fa), ...extra]);
}

export function problemsOf(locale: Locale, messages: Messages, required: Set<string>, { literals }: SourceStrings): Problems {
  const categories = pluralCategories(locale);
  const entries = Object.entries(messages);
  return {
    missing: [...required].filter((key) => !(key in messages) && (locale !== "en" || key.includes("{count}"))),
    unused: entries.filter(([key]) => !literals.has(key)).map(([key]) => key),
    placeholders: entries.filter(([key, message]) => !samePlaceholders(key, message)).map(([key]) => key),
    plurals: entries
      .filter(([key, message]) =>
        key.includes("{count}")
          ? typeof message === "string" || Object.keys(message).sort().join() !== categories.join()
          : typeof message !== "string",
      )
      .map(([key]) => key),
  };
}
