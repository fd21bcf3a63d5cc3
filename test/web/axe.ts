// axe-core run inside the page as it stands: a serious or critical violation fails the test with
// a report a person can act on (the rule, its help text, and the elements that break it).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const FAILING = new Set(["serious", "critical"]);

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

let source: Promise<string> | undefined;
const axeSource = () => {
  source ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return source;
};

/** The serious and critical violations on the page now, as readable lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: await axeSource() });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    // WCAG 2.1 A and AA, the level the issue asks for; best practices are advice, not failures.
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact && FAILING.has(v.impact))
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300)}`)
          .join("\n") +
        (v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : ""),
    );
}

/** Fails when the page has a serious or critical violation, naming the page. */
export async function expectAccessible(page: Page, name = new URL(page.url()).pathname) {
  const found = await accessibilityViolations(page);
  if (found.length > 0) throw new Error(`Accessibility violations on ${name}:\n${found.join("\n")}`);
}
