// Page-level steps through the web app, as a user clicks them: connect a dev wallet, sign in, and
// wait for what the page shows (never for a fixed time).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";

export const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-artifacts/web");

export async function screenshot(page: Page, name: string) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Connects one of the local chain's dev accounts through RainbowKit's wallet list. */
export async function connectDevWallet(page: Page, role: string) {
  await page.getByRole("button", { name: "Connect Wallet" }).first().click();
  await page.getByRole("button", { name: new RegExp(`Dev: ${role.replace(/[()]/g, "\\$&")}`) }).click();
  await page.getByRole("button", { name: /Connect Wallet/ }).waitFor({ state: "detached", timeout: 30_000 });
}

/** Clicks the page's sign-in (and key setup) button when it shows one. */
export async function signIn(page: Page) {
  const button = page.getByRole("button", { name: /^Sign in/ });
  await button.click();
  await button.waitFor({ state: "detached", timeout: 60_000 });
}

/**
 * Clicks an irreversible action's button, waits for its confirmation dialog, and confirms it.
 * Returns what the dialog said would happen to the money, for the test to check.
 */
export async function confirmAction(page: Page, button: string | RegExp) {
  await page.getByRole("button", { name: button }).click();
  const dialog = page.getByRole("dialog");
  const consequences = dialog.getByTestId("confirm-consequences");
  await consequences.waitFor({ timeout: 30_000 });
  const said = (await consequences.textContent()) ?? "";
  await dialog.locator('button[type="submit"]').click();
  await dialog.waitFor({ state: "hidden", timeout: 30_000 });
  return said;
}
