// Trading with stablecoins alone, in real Chromium against the `pnpm dev` stack with its bundler:
// a buyer and a seller whose wallets hold mock USDC and USDT and never any native coin. Their dev
// wallets are EIP-7702 accounts that send each action's calls through EIP-5792 `wallet_sendCalls`;
// the app names its ERC-7677 paymaster service, and the StablecoinPaymaster takes the gas in the
// order's token. The buyer pays once in USDC (permit-capable) and once in USDT (no permit, so its
// first operation also approves the paymaster); the seller confirms delivery the same way.

import type { Page } from "playwright-core";
import { type Address, formatUnits, parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import { deploymentOf } from "../../contracts/deployed.ts";
import { DEV_GASLESS_WALLETS } from "../../contracts/dev-accounts.ts";
import { stablecoinAbi } from "../../contracts/generated/deployments.ts";
import { devAccount } from "../../scripts/dev/accounts.ts";
import { testChain } from "./chain.ts";
import { connectWallet, person, reach, statusIs, WAIT } from "./people.ts";
import { browserSuite, chromium } from "./suite.ts";
import { deliver, listProduct, receive } from "./trade.ts";

const [BUYER, SELLER] = DEV_GASLESS_WALLETS;
const PRICE = "12";

/**
 * The dev wallet's prompt on `page` for an operation whose gas is paid in `symbol`: signing or
 * rejecting it answers the cap it showed, in the token's base units.
 */
function walletPrompt(page: Page, symbol: string) {
  const dialog = page.getByRole("dialog", { name: /^Dev wallet .*: sign this operation\?$/ });
  const capShown = async () => {
    const text = await dialog.getByTestId("dev-wallet-gas").textContent(WAIT);
    const match = new RegExp(`^Gas, paid in ${symbol}: at most ([0-9.]+) ${symbol}\\.$`).exec(text ?? "");
    if (!match) throw new Error(`the wallet's prompt does not state the cap in ${symbol}: ${text}`);
    return parseUnits(match[1]!, 6);
  };
  const answer = async (name: "Sign" | "Reject") => {
    await dialog.waitFor(WAIT);
    const cap = await capShown();
    await dialog.getByRole("button", { name, exact: true }).click();
    await dialog.waitFor({ state: "hidden", ...WAIT });
    return cap;
  };
  return { sign: () => answer("Sign"), reject: () => answer("Reject") };
}

describe.skipIf(!chromium)("gas paid in stablecoins", { retry: 1 }, () => {
  const suite = browserSuite({ bundler: true });

  async function trade(symbol: "USDC" | "USDT", title: string) {
    const chain = testChain(suite.stack.rpcUrl);
    const token = deploymentOf(chain.chain.id)!.tokens[symbol]!.address as Address;
    const buyerAddress = devAccount(BUYER.index).address;
    const balanceOf = (owner: Address) =>
      chain.readContract({ address: token, abi: stablecoinAbi, functionName: "balanceOf", args: [owner] });
    const before = await balanceOf(buyerAddress);

    const seller = await person(suite.browser, suite.stack.webUrl);
    const buyer = await person(suite.browser, suite.stack.webUrl);
    const deliverable = `Licence: ${symbol}-ONLY-7702`;

    await seller.open("/sell");
    await connectWallet(seller.page, SELLER.role);
    const listingUrl = await listProduct(seller, { title, deliverable, price: PRICE });

    await buyer.open("/");
    await buyer.page.goto(listingUrl);
    await connectWallet(buyer.page, BUYER.role);
    const payWith = buyer.page.getByLabel("Pay with");
    await payWith.selectOption({ label: (await payWith.locator("option", { hasText: symbol }).textContent())! });
    await buyer.page
      .getByTestId("buy-gas")
      .filter({ hasText: `Paid in ${symbol}` })
      .waitFor(WAIT);

    // The wallet shows the most the gas may cost before it signs; turned down, nothing is sent.
    const buy = buyer.page.getByRole("button", { name: /^Buy for/ });
    await buy.click();
    const firstCap = await walletPrompt(buyer.page, symbol).reject();
    await buyer.page.getByTestId("tx-status").filter({ hasText: "You rejected the request in your wallet." }).waitFor(WAIT);
    expect(await balanceOf(buyerAddress)).toBe(before);
    expect(firstCap).toBeGreaterThan(0n);

    await buy.click();
    const caps = [await walletPrompt(buyer.page, symbol).sign()];
    await buyer.page.waitForURL(/\/dashboard\/orders\/\d+\/\d+$/, WAIT);
    const orderUrl = buyer.page.url();
    await reach(buyer.page, buyer.say, statusIs(buyer.page, "Created"));
    // Each later action's wallet prompt is signed, and the buyer's caps noted.
    const buyerSigns = async (page: Page) => caps.push(await walletPrompt(page, symbol).sign());
    const sellerSigns = (page: Page) => walletPrompt(page, symbol).sign();

    // They chat, end to end encrypted, as any buyer and seller do.
    await buyer.page.getByRole("button", { name: "Start the encrypted chat" }).click();
    await buyer.page.getByLabel("Message", { exact: true }).fill(`Paid in ${symbol}, gas included`);
    await buyer.page.getByRole("button", { name: "Send" }).click();
    await seller.page.goto(orderUrl);
    await reach(seller.page, seller.say, statusIs(seller.page, "Created"));
    await seller.page
      .getByTestId("chat-message")
      .filter({ hasText: `Paid in ${symbol}, gas included` })
      .waitFor(WAIT);

    await deliver(seller, { wallet: sellerSigns });
    await reach(buyer.page, buyer.say, statusIs(buyer.page, "SellerConfirmed"));
    await receive(buyer, deliverable, { wallet: buyerSigns });

    // Neither wallet ever held native coin; the buyer paid the price and its gas in the token.
    for (const { index } of DEV_GASLESS_WALLETS) expect(await chain.getBalance({ address: devAccount(index).address })).toBe(0n);
    const spent = before - (await balanceOf(buyerAddress));
    const price = parseUnits(PRICE, 6);
    expect(spent).toBeGreaterThan(price);
    // Buy and confirm receipt: the gas taken stayed within the caps the buyer signed.
    expect(caps).toHaveLength(2);
    expect(spent - price).toBeLessThanOrEqual(caps[0]! + caps[1]!);
    console.info(`${symbol}: the buyer paid ${formatUnits(price, 6)} and ${formatUnits(spent - price, 6)} for the gas of its operations`);
    await seller.context.close();
    await buyer.context.close();
  }

  it("a buyer and a seller holding only USDC trade a listing: buy, chat, deliver, confirm; gas is taken in USDC", async () => {
    await trade("USDC", "Stablecoin-only licence (USDC)");
  }, 600_000);

  it("the same with USDT, which has no permit: the buyer's first USDT operation approves the paymaster inside itself", async () => {
    await trade("USDT", "Stablecoin-only licence (USDT)");
  }, 600_000);
});
