// Every console error and warning, and every uncaught page error, of every page a test opens: a
// clean console is part of what the browser tests check, so a library's noise fails a test as
// loudly as our own (fix it at the build, never by filtering here).
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";

/**
 * What the browser tests let through, each with why. Everything else is a defect of ours or of a
 * dependency we can configure, and is fixed where it comes from.
 */
const ALLOWED: { pattern: RegExp; why: string }[] = [];

export interface ConsoleProblem {
  page: string;
  kind: "error" | "warning" | "pageerror";
  text: string;
}

export interface ConsoleWatch {
  problems: ConsoleProblem[];
  /** Fails with every problem seen so far, one per line, then forgets them. */
  expectClean: () => void;
}

const allowed = (text: string) => ALLOWED.some((a) => a.pattern.test(text));

/** Watches every page of `context`, present and future. */
export function watchConsole(context: BrowserContext): ConsoleWatch {
  const problems: ConsoleProblem[] = [];
  const record = (page: Page, kind: ConsoleProblem["kind"], text: string) => {
    if (!allowed(text)) problems.push({ page: page.url(), kind, text });
  };
  const watch = (page: Page) => {
    page.on("console", (message: ConsoleMessage) => {
      const type = message.type();
      if (type !== "error" && type !== "warning") return;
      // A failed resource load's message names no URL; its location does.
      const where = message.location().url;
      const text = where && !message.text().includes(where) ? `${message.text()} (${where})` : message.text();
      record(page, type, text);
    });
    page.on("pageerror", (error) => record(page, "pageerror", `${error.name}: ${error.message}`));
  };
  for (const page of context.pages()) watch(page);
  context.on("page", watch);
  return {
    problems,
    expectClean: () => {
      const seen = problems.splice(0);
      if (seen.length === 0) return;
      // The same warning repeats on every page: group them, with how often each came.
      const counts = new Map<string, number>();
      for (const p of seen) {
        const key = `${p.kind} on ${new URL(p.page).pathname}: ${p.text.slice(0, 400)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const lines = [...counts].map(([key, n]) => (n > 1 ? `${n}× ${key}` : key));
      throw new Error(`The console was not clean (${seen.length} problems):\n${lines.join("\n")}`);
    },
  };
}
