// The steps of a purchase as the two people click them, in whatever language their pages show.
import type { Page } from "playwright-core";
import { act, checkPage, orderStatus, type Person, reach, statusIs, WAIT } from "./people.ts";

/** The seller fills the sell form on its current page and lists; resolves with the listing's URL. */
export async function listProduct(seller: Person, { title, deliverable, price }: { title: string; deliverable: string; price: string }) {
  const { page, say } = seller;
  await page.getByLabel(say.text("Title")).fill(title);
  await page.getByLabel(say.text("Description")).fill(`${title}: a test product`);
  await page.getByLabel(say.text("Price (USD)")).fill(price);
  await page.getByLabel(say.prefix("Deliverable (text: a code, a link, instructions)")).fill(deliverable);
  await checkPage(seller, "sell form, filled");
  await page.getByRole("button", { name: say.text("Encrypt and list") }).click();
  await page.getByRole("heading", { name: title }).waitFor(WAIT);
  return page.url();
}

/** The buyer pays on the listing page it shows; resolves with the order's URL once the order exists. */
export async function buyProduct(buyer: Person) {
  const { page, say } = buyer;
  await page.getByRole("button", { name: say.prefix("Buy for {price}") }).click();
  await page.waitForURL(/\/dashboard\/orders\/\d+\/\d+$/, WAIT);
  // The order page asks a first-time buyer to sign in and set up keys before it shows the order.
  await reach(page, say, statusIs(page, "Created"));
  return page.url();
}

/** Follows the notification about order `orderId` from the person's dashboard to the order page. */
export async function followNotification(who: Person, page: Page, orderId: string) {
  const link = page.getByRole("link", { name: new RegExp(`#${who.say.id(orderId)}$`) }).first();
  await reach(page, who.say, link);
  await link.click();
  await page.waitForURL(new RegExp(`/dashboard/orders/\\d+/${orderId}$`), WAIT);
}

/**
 * What a wallet that asks before it signs is told to do once the action is sent (the dev wallets
 * that pay gas in stablecoins ask; test/web/gasless.test.ts).
 */
export type WalletAnswer = (page: Page) => Promise<unknown>;

/** The seller delivers and confirms delivery, and waits until the delivery is uploaded. */
export async function deliver(seller: Person, { wallet }: { wallet?: WalletAnswer } = {}) {
  const { page, say } = seller;
  const button = page.getByRole("button", { name: say.text("Deliver and confirm delivery") });
  await reach(page, say, button);
  await act(page, button);
  await wallet?.(page);
  await orderStatus(page, "SellerConfirmed");
  await page.getByTestId("delivery-steps").locator('[data-step="upload"][data-state="done"]').waitFor(WAIT);
}

/** The buyer opens the delivery, reads `deliverable` in it, and confirms receipt. */
export async function receive(buyer: Person, deliverable: string, { wallet }: { wallet?: WalletAnswer } = {}) {
  const { page, say } = buyer;
  const open = page.getByRole("button", { name: say.text("Open the delivery") });
  await reach(page, say, open);
  await open.click();
  await page.getByTestId("deliverable").filter({ hasText: deliverable }).waitFor(WAIT);
  await act(page, page.getByRole("button", { name: say.text("Confirm receipt and release payment") }));
  await wallet?.(page);
  await orderStatus(page, "Completed");
}
