// Headless Chromium from the system (Debian's `chromium` package) driven by playwright-core, with
// the flags the project's CI uses and an empty profile per launch.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { LOCALE_COOKIE } from "../../web/src/i18n/locales.ts";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The browser binary, or null when none is installed. */
export const findChromium = (): string | null => CANDIDATES.find((c): c is string => !!c && existsSync(c)) ?? null;

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A phone as the walkthrough used one: an iPhone-sized touch screen with a mobile browser. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
} as const;

export interface ContextOptions {
  locale?: string;
  viewport?: { width: number; height: number };
  /** A phone-sized touch screen with a mobile user agent instead of a desktop window. */
  phone?: boolean;
  /** The app's language (its `lang` cookie, as the language switch sets it) on `url`'s host. */
  language?: { lang: string; url: string };
}

export interface Browser {
  /** A fresh, isolated context (its own storage): one per user. */
  context: (options?: ContextOptions) => Promise<BrowserContext>;
  /** Every page still open in any of its contexts. */
  pages: () => Page[];
  close: () => Promise<void>;
}

/**
 * Launches Chromium with an empty user-data dir. Each context gets its own persistent profile
 * directory, since a persistent launch is how an explicit user-data dir is honoured.
 */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const dirs: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    context: async (options = {}) => {
      const dir = await mkdtemp(path.join(tmpdir(), "chromium-profile-"));
      dirs.push(dir);
      const context = await chromium.launchPersistentContext(dir, {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        ...(options.phone ? PHONE : {}),
        ...(options.viewport || !options.phone ? { viewport: options.viewport ?? { width: 1280, height: 900 } } : {}),
        locale: options.locale ?? "en-GB",
      });
      if (options.language) await context.addCookies([{ name: LOCALE_COOKIE, value: options.language.lang, url: options.language.url }]);
      contexts.push(context);
      return context;
    },
    pages: () => contexts.flatMap((c) => c.pages()),
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    },
  };
}
