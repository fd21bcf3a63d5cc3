// Trading with stablecoins alone, in real Chromium against the `pnpm dev` stack with its bundler:
// a buyer and a seller whose wallets hold mock USDC and USDT and never any native coin. Their dev
// wallets are EIP-7702 accounts that send each action's calls through EIP-5792 `wallet_sendCalls`;
// the app names its ERC-7677 paymaster service, and the StablecoinPaymaster takes the gas in the
// order's token. The buyer pays once in USDC (permit-capable) and once in USDT (no permit, so its
// first operation also approves the paymaster); the seller confirms delivery the same way. Their
// wallets ask before signing and state the most the gas may cost; a Persian buyer on a phone reads
// it in its own digits, and closes the tab while its purchase is pending. An arbitrator stakes and
// asks to unstake the same way, paying in the stake token. A plain browser wallet that holds USDC
// and no coin buys with one EIP-3009 signature that the marketplace's relay sends; an Arabic buyer
// on a phone does too, closing the tab while the relay's transaction is pending.

import type { Page } from "playwright-core";
import { type Address, formatUnits, parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import { addressOf, deploymentOf } from "../../contracts/deployed.ts";
import { DEV_GASLESS_WALLETS, DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { arbitratorPoolAbi, escrowAbi, stablecoinAbi } from "../../contracts/generated/deployments.ts";
import { devAccount, devActor } from "../../scripts/dev/accounts.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { testChain } from "./chain.ts";
import { installInjectedWallet } from "./injected-wallet.ts";
import { checkPage, connectWallet, type Person, person, reach, signInIfAsked, statusIs, WAIT } from "./people.ts";
import { browserSuite, chromium } from "./suite.ts";
import { deliver, listProduct, receive } from "./trade.ts";

const [BUYER, SELLER] = DEV_GASLESS_WALLETS;
const PRICE = "12";

/**
 * The dev wallet's prompt on `page`, read in `who`'s language, for an operation whose gas is paid
 * in `symbol`: signing or rejecting it answers the cap it showed, in the token's base units.
 */
function walletPrompt(who: Person, page: Page, symbol: string) {
  const { say } = who;
  const dialog = page.getByRole("dialog", { name: say.pattern("Dev wallet ({wallet}): sign this operation?") });
  const capShown = async () => {
    const text = (await dialog.getByTestId("dev-wallet-gas").textContent(WAIT)) ?? "";
    const template = say.text("Gas, paid in {symbol}: at most {amount}.").replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    const match = new RegExp(`^${template.replace("{symbol}", symbol).replace("{amount}", `(.+) ${symbol}`)}$`).exec(text);
    const cap = match && say.amount(match[1]!, 6);
    if (!cap) throw new Error(`the wallet's prompt does not state the cap in ${symbol}: ${text}`);
    return cap;
  };
  const answer = async (name: "Sign" | "Reject") => {
    await dialog.waitFor(WAIT).catch(async (error: Error) => {
      // Where the prompt never comes, the app's status line says why (a refused quote, a failed
      // estimate); where it is open but not found by its role and name, what its name is instead
      // and whether anything hides it from assistive technology (an ancestor aria-hidden or inert).
      const status = await page.getByTestId("tx-status").allTextContents();
      const prompts = await page.locator('dialog[data-kind="wallet"]').evaluateAll((dialogs) =>
        dialogs.map((d) => {
          const hiding: string[] = [];
          for (let e: Element | null = d; e; e = e.parentElement)
            if (e.getAttribute("aria-hidden") === "true" || e.hasAttribute("inert")) hiding.push(`${e.tagName.toLowerCase()}#${e.id}`);
          const name = d.getAttribute("aria-label");
          const heading = d.querySelector("h2")?.textContent;
          return `open=${(d as HTMLDialogElement).open} name=${JSON.stringify(name)} heading=${JSON.stringify(heading)} hidden by=[${hiding.join(", ")}]`;
        }),
      );
      throw new Error(
        `${error.message}\nthe app's status: ${status.join(" | ") || "none"}\nwallet prompts: ${prompts.join("; ") || "none"}`,
      );
    });
    const cap = await capShown();
    await dialog.getByRole("button", { name: say.text(name), exact: true }).click();
    await dialog.waitFor({ state: "hidden", ...WAIT });
    return cap;
  };
  return { dialog, sign: () => answer("Sign"), reject: () => answer("Reject") };
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
    const firstCap = await walletPrompt(buyer, buyer.page, symbol).reject();
    await buyer.page.getByTestId("tx-status").filter({ hasText: "You rejected the request in your wallet." }).waitFor(WAIT);
    expect(await balanceOf(buyerAddress)).toBe(before);
    expect(firstCap).toBeGreaterThan(0n);

    await buy.click();
    const caps = [await walletPrompt(buyer, buyer.page, symbol).sign()];
    await buyer.page.waitForURL(/\/dashboard\/orders\/\d+\/\d+$/, WAIT);
    const orderUrl = buyer.page.url();
    await reach(buyer.page, buyer.say, statusIs(buyer.page, "Created"));
    // Each later action's wallet prompt is signed, and the buyer's caps noted.
    const buyerSigns = async (page: Page) => caps.push(await walletPrompt(buyer, page, symbol).sign());
    const sellerSigns = (page: Page) => walletPrompt(seller, page, symbol).sign();

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

  it("an arbitrator whose wallet holds only stablecoins registers and asks to unstake, the gas taken in the stake token and the pool's approval in the same operation", async () => {
    const chain = testChain(suite.stack.rpcUrl);
    const pool = addressOf(chain.chain.id, "ArbitratorPool");
    const [stakeToken, minStake] = await Promise.all([
      chain.readContract({ address: pool, abi: arbitratorPoolAbi, functionName: "stakeToken" }),
      chain.readContract({ address: pool, abi: arbitratorPoolAbi, functionName: "minStake" }),
    ]);
    const wallet = devAccount(SELLER.index).address;
    const balance = () => chain.readContract({ address: stakeToken, abi: stablecoinAbi, functionName: "balanceOf", args: [wallet] });
    const before = await balance();
    const arbitrator = await person(suite.browser, suite.stack.webUrl);
    const page = await arbitrator.open("/arbitrator");
    await connectWallet(page, SELLER.role);
    const status = (value: string) =>
      reach(page, arbitrator.say, page.getByTestId("arbitrator-status").filter({ hasText: new RegExp(`^${value}$`) }));
    await status("Not registered");

    await page.getByLabel("Amount").fill(formatUnits(minStake, 6));
    await page.getByRole("button", { name: "Register and stake" }).click();
    const caps = [await walletPrompt(arbitrator, page, "USDT").sign()];
    await status("Active");
    // Asking to unstake takes it out of later draws, and pays its gas the same way.
    await page.getByRole("button", { name: "Request unstake" }).click();
    caps.push(await walletPrompt(arbitrator, page, "USDT").sign());
    await status("Unstaking");

    expect(await chain.getBalance({ address: wallet })).toBe(0n);
    const gasPaid = before - (await balance()) - minStake;
    expect(gasPaid).toBeGreaterThan(0n);
    expect(gasPaid).toBeLessThanOrEqual(caps[0]! + caps[1]!);
    console.info(`arbitrator: staked ${formatUnits(minStake, 6)} USDT and paid ${formatUnits(gasPaid, 6)} USDT for the gas`);
    await arbitrator.context.close();
  }, 600_000);

  it("a buyer on a phone in Persian reads the cap in its own digits, signs the purchase, closes the tab while it is pending, and comes back to the order from the dashboard to receive and confirm", async () => {
    const chain = testChain(suite.stack.rpcUrl);
    const escrow = addressOf(chain.chain.id, "P2PEscrow");
    const nextOrderId = () => chain.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" });
    const seller = await person(suite.browser, suite.stack.webUrl);
    const buyer = await person(suite.browser, suite.stack.webUrl, { lang: "fa", phone: true });
    const deliverable = "Licence: FA-PHONE-7702";

    await seller.open("/sell");
    await connectWallet(seller.page, SELLER.role);
    await listProduct(seller, { title: "Stablecoin-only licence (phone)", deliverable, price: PRICE });
    const listingUrl = seller.page.url();

    const listing = await buyer.open("/");
    await listing.goto(listingUrl);
    await connectWallet(listing, BUYER.role);
    const payWith = listing.getByLabel(buyer.say.text("Pay with"));
    await payWith.selectOption({ label: (await payWith.locator("option", { hasText: "USDC" }).textContent())! });
    const orderId = await nextOrderId();
    await listing.getByRole("button", { name: buyer.say.prefix("Buy for {price}") }).click();
    const prompt = walletPrompt(buyer, listing, "USDC");
    await prompt.dialog.waitFor(WAIT);
    expect(await prompt.dialog.getByTestId("dev-wallet-gas").textContent()).toMatch(/[۰-۹]/);
    await checkPage(buyer, "wallet prompt, Persian phone");
    await prompt.sign();
    // Closed once the operation is with the bundler: the app shows it pending (or, on a fast chain,
    // has already moved on to the order page, which may first ask the buyer to sign in).
    await Promise.race([
      listing.locator('[data-testid="tx-status"]:is([data-stage="pending"], [data-stage="mined"], [data-stage="confirmed"])').waitFor(WAIT),
      listing.waitForURL(/\/dashboard\/orders\/\d+\/\d+$/, WAIT),
    ]);
    await listing.close();
    await waitFor(async () => (await nextOrderId()) > orderId, { timeoutMs: 60_000, what: "the order to be created on chain" });

    const dashboard = await buyer.open("/dashboard");
    await signInIfAsked(dashboard, buyer.say);
    // The order is listed among the buyer's own, by its number and its chain.
    const listed = dashboard.getByRole("link", { name: new RegExp(`^#${buyer.say.id(String(orderId))} · `) });
    await reach(dashboard, buyer.say, listed);
    await listed.click();
    await dashboard.waitForURL(new RegExp(`/dashboard/orders/\\d+/${orderId}$`), WAIT);
    await reach(dashboard, buyer.say, statusIs(dashboard, "Created"));
    await checkPage(buyer, "order page, Persian phone, back after closing the tab");

    await seller.page.goto(dashboard.url());
    await reach(seller.page, seller.say, statusIs(seller.page, "Created"));
    await deliver(seller, { wallet: (page) => walletPrompt(seller, page, "USDC").sign() });
    await reach(dashboard, buyer.say, statusIs(dashboard, "SellerConfirmed"));
    await receive(buyer, deliverable, { wallet: (page) => walletPrompt(buyer, page, "USDC").sign() });
    await checkPage(buyer, "order page, Persian phone, completed");
    expect(await chain.getBalance({ address: devAccount(BUYER.index).address })).toBe(0n);
    await seller.context.close();
    await buyer.context.close();
  }, 600_000);
  /** Account `index` of the node, emptied of its coin and given 20 USDC: a newcomer's plain wallet. */
  async function newcomerWallet(index: number): Promise<Address> {
    const chain = testChain(suite.stack.rpcUrl);
    const wallet = devAccount(index).address;
    await chain.setBalance({ address: wallet, value: 0n });
    const deployer = devActor(DEV_ROLES.indexOf("deployer"), chain.chain, suite.stack.rpcUrl);
    await deployer.write(deploymentOf(chain.chain.id)!.tokens.USDC!.address as Address, stablecoinAbi, "mint", [
      wallet,
      parseUnits("20", 6),
    ]);
    return wallet;
  }

  /** A listing of bob's at PRICE: its URL. */
  async function sellerLists(title: string) {
    const seller = await person(suite.browser, suite.stack.webUrl);
    await seller.open("/sell");
    await connectWallet(seller.page, "bob (seller)");
    const url = await listProduct(seller, { title, deliverable: "Licence: RELAYED-3009", price: PRICE });
    await seller.context.close();
    return url;
  }

  /** A person whose browser has a plain injected wallet of `wallet`. */
  async function relayedBuyer(wallet: Address, options?: Parameters<typeof person>[2]) {
    const chainId = testChain(suite.stack.rpcUrl).chain.id;
    const buyer = await person(suite.browser, suite.stack.webUrl, options);
    await installInjectedWallet(buyer.context, { rpcUrl: suite.stack.rpcUrl, address: wallet, chainId, knownChainIds: [chainId] });
    return buyer;
  }

  /**
   * Connects the injected wallet, whatever the page's language: the wallet's own name is not
   * translated, and a phone's wallet list calls it "Browser Wallet".
   */
  async function connectInjectedWallet(page: Page) {
    const connect = page.getByTestId("rk-connect-button");
    await connect.first().click(WAIT);
    await page
      .getByRole("button", { name: /Browser Wallet/ })
      .first()
      .click(WAIT);
    await connect.first().waitFor({ state: "detached", ...WAIT });
  }

  it("a buyer whose plain browser wallet holds USDC and no native coin buys with one signature that the marketplace's relay sends, paying the relay's fee in USDC", async () => {
    const chain = testChain(suite.stack.rpcUrl);
    const usdc = deploymentOf(chain.chain.id)!.tokens.USDC!.address as Address;
    const escrow = addressOf(chain.chain.id, "P2PEscrow");
    const relayer = devAccount(DEV_ROLES.indexOf("order relayer")).address;
    const balanceOf = (owner: Address) =>
      chain.readContract({ address: usdc, abi: stablecoinAbi, functionName: "balanceOf", args: [owner] });
    const wallet = await newcomerWallet(19);
    const [before, relayerBefore] = await Promise.all([balanceOf(wallet), balanceOf(relayer)]);
    const listingUrl = await sellerLists("Relayed licence (USDC)");

    const buyer = await relayedBuyer(wallet);
    const page = await buyer.open("/");
    await page.goto(listingUrl);
    await connectInjectedWallet(page);
    const payWith = page.getByLabel("Pay with");
    await payWith.selectOption({ label: (await payWith.locator("option", { hasText: "USDC" }).textContent())! });
    // Told before anything is signed: one signature, and the relay's fee on top of the price.
    await page.getByTestId("buy-gas").filter({ hasText: "to the marketplace's relay" }).waitFor(WAIT);
    await checkPage(buyer, "buy box, relayed");
    const orderId = await chain.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" });
    await page.getByRole("button", { name: /^Buy for/ }).click();
    await page.waitForURL(new RegExp(`/dashboard/orders/\\d+/${orderId}$`), WAIT);
    await reach(page, buyer.say, statusIs(page, "Created"));

    const order = await chain.readContract({ address: escrow, abi: escrowAbi, functionName: "getOrder", args: [orderId] });
    expect(order.buyer).toBe(wallet);
    expect(order.amount).toBe(parseUnits(PRICE, 6));
    // The buyer paid the price and the relay's fee, both in USDC, and still holds no coin.
    const fee = (await balanceOf(relayer)) - relayerBefore;
    expect(fee).toBeGreaterThan(0n);
    expect(before - (await balanceOf(wallet))).toBe(parseUnits(PRICE, 6) + fee);
    expect(await chain.getBalance({ address: wallet })).toBe(0n);
    console.info(`relayed: the buyer paid ${PRICE} USDC and a relay fee of ${formatUnits(fee, 6)} USDC`);
    await buyer.context.close();
  }, 600_000);

  it("a buyer on a phone in Arabic, whose plain wallet holds only USDC, buys through the relay, closes the tab while it is pending, and finds the order on the dashboard", async () => {
    const chain = testChain(suite.stack.rpcUrl);
    const escrow = addressOf(chain.chain.id, "P2PEscrow");
    const wallet = await newcomerWallet(18);
    const listingUrl = await sellerLists("Relayed licence (Arabic phone)");
    const buyer = await relayedBuyer(wallet, { lang: "ar", phone: true });
    const { say } = buyer;
    const listing = await buyer.open("/");
    await listing.goto(listingUrl);
    await connectInjectedWallet(listing);
    const payWith = listing.getByLabel(say.text("Pay with"));
    await payWith.selectOption({ label: (await payWith.locator("option", { hasText: "USDC" }).textContent())! });
    await listing
      .getByTestId("buy-gas")
      .filter({ hasText: say.pattern("Paid in {symbol} to the marketplace's relay: {fee} on top of the price") })
      .waitFor(WAIT);
    expect(await listing.locator("html").getAttribute("dir")).toBe("rtl");
    await checkPage(buyer, "buy box, relayed, Arabic phone", listing);

    const orderId = await chain.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" });
    await listing.getByRole("button", { name: say.prefix("Buy for {price}") }).click();
    // The relay holds the signed order once the page says it is pending (or has moved on): the tab
    // can go, and the order is made all the same.
    await Promise.race([
      listing.locator('[data-testid="tx-status"]:is([data-stage="pending"], [data-stage="mined"], [data-stage="confirmed"])').waitFor(WAIT),
      listing.waitForURL(/\/dashboard\/orders\/\d+\/\d+$/, WAIT),
    ]);
    await listing.close();
    await waitFor(async () => (await chain.readContract({ address: escrow, abi: escrowAbi, functionName: "nextOrderId" })) > orderId, {
      timeoutMs: 60_000,
      what: "the relayed order to be created on chain",
    });

    const dashboard = await buyer.open("/dashboard");
    await signInIfAsked(dashboard, say);
    const listed = dashboard.getByRole("link", { name: new RegExp(`^#${say.id(String(orderId))} · `) });
    await reach(dashboard, say, listed);
    await listed.click();
    await reach(dashboard, say, statusIs(dashboard, "Created"));
    await checkPage(buyer, "order page, Arabic phone, relayed and back after closing the tab", dashboard);
    const order = await chain.readContract({ address: escrow, abi: escrowAbi, functionName: "getOrder", args: [orderId] });
    expect(order.buyer).toBe(wallet);
    expect(await chain.getBalance({ address: wallet })).toBe(0n);
    await buyer.context.close();
  }, 600_000);
});
