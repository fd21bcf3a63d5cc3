// Lists, per language, the keys its dictionary lacks (and those it holds for nothing), so a
// translator adds a language's entries in one pass: `node web/scripts/i18n-missing.ts [locale]`.
// Exits 1 when anything is missing.
import { DICTIONARIES, en, problemsOf, requiredKeys, sourceStrings } from "./i18n-catalog.ts";

const only = process.argv[2];
const strings = await sourceStrings();
const required = requiredKeys(strings);
let failed = false;
for (const [locale, messages] of [["en", en] as const, ...Object.entries(DICTIONARIES)]) {
  if (only && locale !== only) continue;
  const problems = problemsOf(locale as keyof typeof DICTIONARIES, messages, required, strings);
  const lines = [
    ...problems.missing.map((key) => `  missing      ${JSON.stringify(key)}`),
    ...problems.unused.map((key) => `  unused       ${JSON.stringify(key)}`),
    ...problems.placeholders.map((key) => `  placeholders ${JSON.stringify(key)}`),
    ...problems.plurals.map((key) => `  plural forms ${JSON.stringify(key)}`),
  ];
  failed ||= lines.length > 0;
  console.log(`${locale}: ${lines.length === 0 ? "complete" : `${lines.length} to fix`}`);
  for (const line of lines) console.log(line);
}
process.exitCode = failed ? 1 : 0;
