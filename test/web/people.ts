// A person using the web app in their own browser context: their language, their screen, their
// dev wallet, and a watch over their console. Steps find things as a person does, by role and by
// the words the person reads (the app's own catalogue, so a test reads the same in every
// language), and wait on what the page shows.
import type { BrowserContext, Locator, Page } from "playwright-core";
import { ar } from "../../web/src/i18n/ar.ts";
import { fa } from "../../web/src/i18n/fa.ts";
import type { Locale } from "../../web/src/i18n/locales.ts";
import type { Messages } from "../../web/src/i18n/messages.ts";
import { formatId, parseAmount } from "../../web/src/lib/format/number.ts";
import { expectAccessible } from "./axe.ts";
import type { Browser } from "./browser.ts";
import { type ConsoleWatch, watchConsole } from "./console.ts";

export const WAIT = { timeout: 90_000 };

const CATALOGUES: Record<string, Messages> = { en: {}, fa, ar };

/** The words of one language: the app's English keys as that language shows them. */
export function wordsOf(lang: string) {
  const catalogue = CATALOGUES[lang];
  if (!catalogue) throw new Error(`No catalogue for ${lang}`);
  const text = (english: string) => {
    const message = catalogue[english];
    return typeof message === "string" ? message : (message?.other ?? english);
  };
  return {
    text,
    /** An order id as the language writes it ("۸" in Persian). */
    id: (id: string | number) => formatId(id, lang as Locale),
    /** An amount as the language writes it, in base units of `decimals` ("۰٫۸۳" in Persian). */
    amount: (written: string, decimals: number) => parseAmount(written, lang as Locale, decimals),
    /** The whole phrase, its {placeholders} standing for any text. */
    pattern: (english: string) =>
      new RegExp(
        `^${text(english)
          .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
          .replace(/\{\w+\}/g, ".+")}$`,
      ),
    /** The phrase's beginning, up to its first {placeholder}. */
    prefix: (english: string) =>
      new RegExp(
        `^${text(english)
          .split("{")[0]!
          .replace(/[.*+?^$()|[\]\\]/g, "\\$&")}`,
      ),
  };
}
export type Words = ReturnType<typeof wordsOf>;

export interface Person {
  context: BrowserContext;
  /** The tab the person looks at now (the last one opened). */
  page: Page;
  console: ConsoleWatch;
  say: Words;
  /** Opens a new tab at `path` (the app's), as following a link from elsewhere does. */
  open: (path: string) => Promise<Page>;
}

export async function person(
  browser: Browser,
  webUrl: string,
  { lang = "en", phone = false }: { lang?: string; phone?: boolean } = {},
): Promise<Person> {
  const context = await browser.context({ phone, language: { lang, url: webUrl } });
  const self: Person = {
    context,
    page: undefined as unknown as Page,
    console: watchConsole(context),
    say: wordsOf(lang),
    open: async (path) => {
      self.page = await context.newPage();
      await self.page.goto(webUrl + path);
      return self.page;
    },
  };
  return self;
}

/** Connects one of the local chain's dev accounts through RainbowKit's wallet list (in any language). */
export async function connectWallet(page: Page, role: string) {
  const connect = page.getByTestId("rk-connect-button");
  await connect.first().click(WAIT);
  await page.getByRole("button", { name: new RegExp(`Dev: ${role.replace(/[()]/g, "\\$&")}`) }).click(WAIT);
  await connect.first().waitFor({ state: "detached", ...WAIT });
}

/** Signs in (and sets up keys) when the page asks for it, and waits until it stops asking. */
export async function signInIfAsked(page: Page, say: Words) {
  const button = page.getByRole("button", { name: say.prefix("Sign in") });
  if (await button.isVisible()) {
    await button.click();
    await button.waitFor({ state: "detached", ...WAIT });
  }
}

/**
 * Waits until `target` shows, signing in (and setting up keys) whenever the page asks first: a
 * page can ask only once the wallet has reconnected, so asking "is there a sign-in button now?"
 * races the page.
 */
export async function reach(page: Page, say: Words, target: Locator) {
  const signIn = page.getByRole("button", { name: say.prefix("Sign in") }).first();
  for (;;) {
    await target.first().or(signIn).first().waitFor(WAIT);
    if (await target.first().isVisible()) return;
    await signIn.click();
    await signIn.waitFor({ state: "detached", ...WAIT });
  }
}

/**
 * Clicks an action and, when the app asks for a confirmation first (a modal dialog on
 * irreversible actions), confirms it, writing `reason` when the dialog asks for one.
 */
export async function act(page: Page, button: Locator, { reason = "Confirmed in a browser test" } = {}) {
  await button.click();
  // The app's own question, not a wallet's prompt that may follow it (test/web/gasless.test.ts).
  const dialog = page.getByRole("dialog").and(page.locator('[data-kind="app"]'));
  // Either the dialog opens or the action has already started (its button busy or gone).
  await Promise.race([
    dialog
      .or(button.and(page.locator(":disabled")))
      .first()
      .waitFor(WAIT),
    button.waitFor({ state: "detached", ...WAIT }),
  ]);
  if (!(await dialog.isVisible())) return;
  const textbox = dialog.getByRole("textbox");
  if (await textbox.count()) await textbox.first().fill(reason);
  await dialog.locator("button[type=submit]").click();
  await dialog.waitFor({ state: "hidden", ...WAIT });
}

/** The order's status element while it shows `status` (the contract's enum name, in data-status). */
export const statusIs = (page: Page, status: string) => page.locator(`[data-testid="order-status"][data-status="${status}"]`);

/** Waits until the order shows status `status`. */
export async function orderStatus(page: Page, status: string) {
  await statusIs(page, status).waitFor(WAIT);
}

/**
 * Network conditions of a slow mobile connection (Chrome's "Slow 4G" preset) for one tab, through
 * the DevTools protocol: the page loads, polls and signs as slowly as a phone on a poor network.
 */
export async function slowNetwork(page: Page) {
  const session = await page.context().newCDPSession(page);
  await session.send("Network.enable");
  await session.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  return { restore: () => session.detach() };
}

/** Waits until the page has drawn its content: its main heading shown, no loading text left. */
export async function settled(page: Page, say: Words) {
  await page.getByRole("heading", { level: 1 }).first().waitFor(WAIT);
  const loading = page.getByText(say.text("Loading…"), { exact: true });
  while ((await loading.count()) > 0) await loading.first().waitFor({ state: "hidden", ...WAIT });
}

/** The page as the person sees it now: settled, no serious or critical accessibility violation, a clean console so far. */
export async function checkPage(who: Person, name?: string, page = who.page) {
  await settled(page, who.say);
  await expectAccessible(page, name);
  who.console.expectClean();
}
