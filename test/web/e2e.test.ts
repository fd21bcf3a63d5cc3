// The web app in real headless Chromium against the whole `pnpm dev` stack: a buyer, a seller and
// an arbitrator each in their own browser context, every state change signed by a dev wallet.

import type { BrowserContext, Page } from "playwright-core";
import { createWalletClient, formatUnits, http } from "viem";
import { hardhat } from "viem/chains";
import { describe, expect, it } from "vitest";
import { addressOf } from "../../contracts/deployed.ts";
import { DEV_ROLES } from "../../contracts/dev-accounts.ts";
import { arbitratorPoolAbi, deployments, escrowAbi, stablecoinAbi } from "../../contracts/generated/deployments.ts";
import { devAccount } from "../../scripts/dev/accounts.ts";
import { confirmAction, connectDevWallet, screenshot, signIn } from "./app.ts";
import { expectAccessible } from "./axe.ts";
import { arbitratorIndex, DEV_ARBITRATORS, drawnArbitrator, mineOne, testChain, whileClockStopped } from "./chain.ts";
import { installInjectedWallet, userSwitchesWalletTo } from "./injected-wallet.ts";
import { browserSuite, chromium } from "./suite.ts";

const WAIT = { timeout: 90_000 };
/** The picture a seller attaches to each listing. */
const PRODUCT_IMAGE = new URL("./fixtures/product.png", import.meta.url).pathname;
const FLOW_TIMEOUT = 420_000;

// One retry per flow absorbs a timeout on a loaded shared 2-core machine. Each flow makes its own
// orders, so a retry starts clean; a bug fails both tries, and a failed flow prints the alerts
// its pages showed (that is how the evidence form's stale-arbitrator bug was found).
describe.skipIf(!chromium)("web app in Chromium", { retry: 1 }, () => {
  const suite = browserSuite();

  async function user(role: string, start = "/dashboard"): Promise<Page> {
    const context: BrowserContext = await suite.browser.context();
    const page = await context.newPage();
    await page.goto(suite.stack.webUrl + start);
    await connectDevWallet(page, role);
    return page;
  }

  /** Signs in (and sets up keys) when the page asks for it. */
  async function ensureSignedIn(page: Page) {
    if (await page.getByRole("button", { name: /^Sign in/ }).isVisible()) await signIn(page);
  }

  async function list(seller: Page, title: string, deliverable: string, price = "12.5") {
    await seller.goto(`${suite.stack.webUrl}/sell`);
    await seller.getByLabel("Title").fill(title);
    await seller.getByLabel("Description").fill(`${title}: a test product`);
    await seller.getByLabel("Price (USD)").fill(price);
    await seller.getByLabel(/^Deliverable/).fill(deliverable);
    await seller.getByLabel(/^Images/).setInputFiles(PRODUCT_IMAGE);
    await screenshot(seller, "sell");
    await seller.getByRole("button", { name: "Encrypt and list" }).click();
    await seller.getByRole("heading", { name: title }).waitFor(WAIT);
    // The picture was pinned through the API and loads back from it.
    const image = seller.getByTestId("listing-image");
    await image.waitFor(WAIT);
    await seller.waitForFunction(
      (img) => (img as HTMLImageElement | null)?.complete && (img as HTMLImageElement).naturalWidth > 0,
      await image.elementHandle(),
      WAIT,
    );
    return seller.url();
  }

  async function choosePayment(buyer: Page, payWith: RegExp) {
    const select = buyer.getByLabel("Pay with");
    await select.selectOption({ label: (await select.locator("option", { hasText: payWith }).textContent())! });
  }

  async function buy(buyer: Page, listingUrl: string, payWith?: RegExp) {
    await buyer.goto(listingUrl);
    if (payWith) await choosePayment(buyer, payWith);
    await buyer.getByRole("button", { name: /^Buy for/ }).click();
    await buyer.waitForURL(/\/dashboard\/orders\/\d+\/\d+$/, WAIT);
    await ensureSignedIn(buyer);
    return buyer.url();
  }

  /** Sends a chat message (starting the encrypted chat first when asked) and waits until it shows. */
  async function sendChat(page: Page, text: string, { start = false } = {}) {
    if (start) await page.getByRole("button", { name: "Start the encrypted chat" }).click();
    await page.getByLabel("Message", { exact: true }).fill(text);
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByTestId("chat-message").filter({ hasText: text }).waitFor(WAIT);
  }

  // The status shows as a plain phrase; its raw enum name is the element's data-status.
  const status = async (page: Page, value: string) => {
    try {
      await page.locator(`[data-testid="order-status"][data-status="${value}"]`).waitFor(WAIT);
    } catch (error) {
      await screenshot(page, `failed-waiting-for-${value}`);
      throw error;
    }
  };

  it(
    "lists, buys, delivers, confirms receipt and reviews; a chat message arrives decrypted on the other side and lights the seller's badge without a reload",
    async () => {
      const seller = await user("bob (seller)");
      const buyer = await user("alice (buyer)");
      await screenshot(seller, "dashboard");
      const listingUrl = await list(seller, "E2E licence key", "Licence: E2E-7777, activate at https://example.com/activate");
      await screenshot(seller, "product-detail");

      const orderUrl = await buy(buyer, listingUrl);
      await status(buyer, "Created");
      await seller.goto(`${suite.stack.webUrl}/dashboard`);
      await seller.getByRole("button", { name: "Mark all read" }).click();
      await seller.getByTestId("unread-count").waitFor({ state: "detached", ...WAIT });
      await sendChat(buyer, "Hello from the buyer", { start: true });
      // The realtime socket refreshes the badge at once; its own poll runs only every 30 s.
      await seller.getByTestId("unread-count").waitFor({ timeout: 15_000 });

      await seller.goto(orderUrl);
      await seller.getByTestId("chat-message").filter({ hasText: "Hello from the buyer" }).waitFor(WAIT);
      // Signed in (with keys) once on this device, when listing: the order page does not ask again.
      expect(await seller.getByRole("button", { name: /^Sign in/ }).count()).toBe(0);
      expect(await seller.getByTestId("chain-check").textContent()).toContain("Hash chain verified");
      // The seller seals, confirms on chain, waits for finality, then uploads. Here the upload
      // fails (the API is unreachable for it), and the page is reloaded after the on-chain
      // confirmation: the seller finishes the upload from the reloaded page.
      const step = (name: string, state: string) =>
        seller.getByTestId("delivery-steps").locator(`[data-step="${name}"][data-state="${state}"]`).waitFor(WAIT);
      const isUpload = (url: URL) => /\/deliveries\/\d+\/\d+$/.test(url.pathname);
      await seller.route(isUpload, (route) => (route.request().method() === "PUT" ? route.abort() : route.continue()));
      await seller.getByRole("button", { name: "Deliver and confirm delivery" }).click();
      await step("upload", "failed");
      await status(seller, "SellerConfirmed");
      await status(buyer, "SellerConfirmed");
      // Confirmed on chain, nothing uploaded: the buyer has nothing to open.
      await buyer.getByTestId("delivery-waiting").waitFor(WAIT);
      expect(await buyer.getByRole("button", { name: "Open the delivery" }).count()).toBe(0);
      await seller.unroute(isUpload);
      await seller.reload();
      await step("confirm", "done");
      expect(await seller.getByRole("button", { name: /^Sign in/ }).count()).toBe(0);
      await seller.getByRole("button", { name: "Finish the delivery" }).click();
      await step("upload", "done");
      await screenshot(seller, "order-seller");

      await buyer.getByRole("button", { name: "Open the delivery" }).click();
      await buyer.getByTestId("deliverable").filter({ hasText: "Licence: E2E-7777" }).waitFor(WAIT);
      // An address in the delivery is a link that opens apart from the app.
      const link = buyer.getByTestId("deliverable").getByRole("link", { name: "https://example.com/activate" });
      expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
      expect(await link.getAttribute("target")).toBe("_blank");
      expect(await buyer.getByTestId("hash-check").textContent()).toContain(
        "matches the hash the seller committed to on chain and the product hash you paid for",
      );
      await buyer.getByTestId("next-step").getByRole("heading", { name: "Delivered: check it, then confirm" }).waitFor(WAIT);
      expect(await confirmAction(buyer, "Confirm receipt and release payment")).toMatch(
        /^The escrow pays the seller [\d.]+ USD\w: the order's 12\.5 USD\w less the [\d.]+ USD\w service fee\./,
      );
      await status(buyer, "Completed");
      await buyer.getByTestId("next-step").getByRole("heading", { name: "Completed: the seller was paid" }).waitFor(WAIT);
      expect(await buyer.getByTestId("order-status").textContent()).toBe("Completed, seller paid");
      // The dev chain mines by itself: the order turns final with nobody sending a transaction,
      // and its confirmations, which no longer matter, go.
      await buyer.getByTestId("confirmations").waitFor({ state: "detached", ...WAIT });
      await buyer.getByLabel("Your review").fill("Instant delivery, works.");
      await buyer.getByRole("button", { name: "Sign and publish review" }).click();
      await buyer.getByTestId("my-review").waitFor(WAIT);
      await screenshot(buyer, "order-completed");

      await buyer.goto(`${suite.stack.webUrl}/profile/${devAccount(2).address}`);
      await buyer.getByTestId("review").filter({ hasText: "Instant delivery, works." }).waitFor(WAIT);
      // A browsing page (no wallet code) still shows the connected wallet.
      const shown = devAccount(1).address.toLowerCase();
      expect(await buyer.getByTestId("connected-wallet").textContent()).toBe(`${shown.slice(0, 6)}…${shown.slice(-4)}`);
      expect(await buyer.getByTestId("review").filter({ hasText: "Instant delivery" }).textContent()).toContain("signature verified");
      await screenshot(buyer, "profile");

      await seller.goto(`${suite.stack.webUrl}/dashboard/products`);
      await seller.getByRole("row").filter({ hasText: "E2E licence key" }).waitFor(WAIT);
      await screenshot(seller, "my-products");
      await seller.goto(`${suite.stack.webUrl}/dashboard/earnings`);
      await seller.getByRole("row").filter({ hasText: "E2E licence key" }).waitFor(WAIT);
      // The API sums what the chain paid the seller, net of the protocol fee.
      await seller
        .getByTestId("earned")
        .getByRole("row")
        .filter({ hasText: /^Sales.*USDT/ })
        .waitFor(WAIT);
      await screenshot(seller, "earnings");

      // The seller edits the listing from its list, then removes it, after saying so once more.
      await seller.goto(`${suite.stack.webUrl}/dashboard/products`);
      await seller.getByRole("row").filter({ hasText: "E2E licence key" }).getByRole("button", { name: "Edit" }).click();
      await seller.getByTestId("editing-listing").getByLabel("Title").fill("E2E licence key, renewed");
      await seller.getByRole("button", { name: "Save" }).click();
      const renamed = seller.getByRole("row").filter({ hasText: "E2E licence key, renewed" });
      await renamed.waitFor(WAIT);
      await renamed.getByRole("button", { name: "Remove" }).click();
      await seller.getByRole("dialog").getByRole("button", { name: "Remove the listing" }).click();
      await renamed.waitFor({ state: "detached", ...WAIT });
    },
    FLOW_TIMEOUT,
  );

  it(
    "buys with a single permit-signed transaction where the token supports EIP-2612, with no approve",
    async () => {
      const seller = await user("bob (seller)");
      const buyer = await user("alice (buyer)");
      // At least the token's minimum order (10 tokens on every chain).
      const listingUrl = await list(seller, "E2E permit item", "Paid with a permit", "10.25");
      const alice = devAccount(1).address;
      const usdc = deployments[31337].tokens.USDC.address;
      const escrow = addressOf(31337, "P2PEscrow");
      const chain = testChain(suite.stack.rpcUrl);
      const [transactionsBefore, permitNonceBefore] = [
        await chain.getTransactionCount({ address: alice }),
        await chain.readContract({ address: usdc, abi: stablecoinAbi, functionName: "nonces", args: [alice] }),
      ];

      await buyer.goto(listingUrl);
      await choosePayment(buyer, /^USDC/);
      await buyer.getByText("One transaction (permit signature)").waitFor(WAIT);
      await buyer.getByTestId("buy-minimum").filter({ hasText: "10 USDC" }).waitFor(WAIT);
      await buyer.getByRole("button", { name: "Buy for 10.25 USDC" }).click();
      await buyer.waitForURL(/\/dashboard\/orders\/\d+\/\d+$/, WAIT);
      await ensureSignedIn(buyer);
      await status(buyer, "Created");
      expect(await buyer.getByTestId("order-amount").textContent()).toBe("10.25 USDC");

      // One transaction from the buyer; the permit was spent by it, so no allowance is left behind.
      expect(await chain.getTransactionCount({ address: alice })).toBe(transactionsBefore + 1);
      expect(await chain.readContract({ address: usdc, abi: stablecoinAbi, functionName: "nonces", args: [alice] })).toBe(
        permitNonceBefore + 1n,
      );
      expect(await chain.readContract({ address: usdc, abi: stablecoinAbi, functionName: "allowance", args: [alice, escrow] })).toBe(0n);
    },
    FLOW_TIMEOUT,
  );

  it(
    "opens a dispute with a deposit, the seller matches it, a note and a file are submitted; with no party page open after the draw, the arbitrator opens the case late, reads chat and evidence decrypted (ruling enabled only then) and rules with a reason; the parties see the reason and the summary, the winner gets its deposit back and the loser's pays the arbitrator",
    async () => {
      const seller = await user("dave (seller)");
      const buyer = await user("carol (buyer)");
      const arbitrators = await Promise.all(DEV_ARBITRATORS.map((r) => user(r, "/arbitrator")));
      for (const a of arbitrators) await signIn(a); // binds their keys, so evidence can be sealed to whoever is drawn
      await screenshot(arbitrators[0]!, "arbitrator-dashboard");

      const chain = testChain(suite.stack.rpcUrl);
      const escrow = addressOf(31337, "P2PEscrow");
      const usdt = deployments[31337].tokens.USDT.address;
      const balanceOf = (account: `0x${string}`) =>
        chain.readContract({ address: usdt, abi: stablecoinAbi, functionName: "balanceOf", args: [account] });
      const [carol, dave] = [devAccount(3).address, devAccount(4).address];
      const [carolBefore, daveBefore] = [await balanceOf(carol), await balanceOf(dave)];

      const listingUrl = await list(seller, "E2E dispute item", "Item that will be disputed");
      const orderUrl = await buy(buyer, listingUrl);
      const orderId = BigInt(orderUrl.split("/").at(-1)!);
      await status(buyer, "Created");
      await sendChat(buyer, "Where is my item?", { start: true });

      // The deposit is the order's 5% raised to the token's minimum fee: 2 USDT on a 12.5 USDT order.
      const fee = await chain.readContract({ address: escrow, abi: escrowAbi, functionName: "arbitrationFeeOf", args: [orderId] });
      expect(fee).toBe(2_000_000n);
      await buyer.getByTestId("dispute-cost").filter({ hasText: "asks a deposit of 2 USDT" }).waitFor(WAIT);
      expect(await confirmAction(buyer, "Open dispute (deposit 2 USDT)")).toContain(
        "You pay a deposit of 2 USDT now; the order's 12.5 USDT stays in the escrow.",
      );
      await status(buyer, "Disputed");
      await buyer
        .getByTestId("deposit-due")
        .filter({ hasText: /^The seller must deposit 2 USDT by .+ or lose by default\.$/ })
        .waitFor(WAIT);

      // The seller is told it must match the deposit by the response deadline, and does.
      await seller.goto(orderUrl);
      await ensureSignedIn(seller);
      await seller
        .getByTestId("deposit-due")
        .filter({ hasText: /^You must deposit 2 USDT by .+ or lose by default\.$/ })
        .waitFor(WAIT);
      expect(await seller.getByTestId("deposit-buyer").textContent()).toContain("paid 2 USDT");
      expect(await seller.getByTestId("deposit-seller").textContent()).toContain("not paid yet");
      await screenshot(seller, "dispute-deposit-due");
      await seller.getByTestId("next-step").getByRole("heading", { name: "The buyer opened a dispute" }).waitFor(WAIT);
      // The chain's clock stops until the draw: with a block every few seconds the keeper would draw
      // before the evidence below is in, and the case-key relay is what this flow is about.
      const arbitrator = await whileClockStopped(chain, async () => {
        await confirmAction(seller, "Pay the deposit (2 USDT)");
        await seller.getByTestId("dispute-phase").filter({ hasText: "Drawing an arbitrator" }).waitFor(WAIT);
        expect(await seller.getByTestId("deposit-seller").textContent()).toContain("paid 2 USDT");
        await seller.getByTestId("fallback-deadline").waitFor(WAIT);

        // Before the draw: a note and a file in one submission (both go on chain, as two pieces of
        // evidence), and the parties' pages have sealed the chat to the case-key relay.
        await buyer.goto(orderUrl);
        await ensureSignedIn(buyer);
        await buyer.getByLabel("Evidence note").fill("The seller never answered my messages.");
        await buyer
          .getByLabel("A file (optional; sent with the note)")
          .setInputFiles({ name: "receipt.txt", mimeType: "text/plain", buffer: Buffer.from("Receipt: order paid, nothing received.") });
        await buyer.getByRole("button", { name: "Encrypt and submit evidence" }).click();
        await buyer.getByTestId("evidence-text").filter({ hasText: "never answered" }).waitFor(WAIT);
        await buyer.getByTestId("evidence-text").filter({ hasText: "nothing received" }).waitFor(WAIT);
        expect(await buyer.getByLabel("Evidence note").inputValue()).toBe("");
        await buyer.getByTestId("chat-shared-for-arbitration").waitFor(WAIT);

        // No party page is open from here until the ruling: the draw, the relay and the arbitrator's
        // reading happen without them.
        await buyer.goto("about:blank");
        await seller.goto("about:blank");

        return await drawnArbitrator(chain, orderId);
      });
      expect(arbitrator).not.toBe("0x0000000000000000000000000000000000000000");
      const arbitratorBefore = await balanceOf(arbitrator as `0x${string}`);

      // The arbitrator opens the case late: the keeper's relay has sealed the chat and the evidence to it.
      const arbitratorPage = arbitrators[arbitratorIndex(arbitrator)]!;
      await arbitratorPage.goto(orderUrl);
      await arbitratorPage.getByTestId("dispute-phase").filter({ hasText: "The arbitrator is ruling" }).waitFor(WAIT);
      const ruleForBuyer = arbitratorPage.getByRole("button", { name: "Rule for the buyer (refund)" });
      await ruleForBuyer.waitFor(WAIT);
      await arbitratorPage.waitForFunction(
        () => [...document.querySelectorAll("button")].some((b) => b.textContent === "Rule for the buyer (refund)" && !b.disabled),
        undefined,
        WAIT,
      );
      // Enabled only once everything can be read: at that moment the chat and both evidence items show decrypted.
      expect(await arbitratorPage.getByTestId("evidence-text").allTextContents()).toEqual([
        "The seller never answered my messages.",
        "Receipt: order paid, nothing received.",
      ]);
      expect(await arbitratorPage.getByTestId("chat-message").filter({ hasText: "Where is my item?" }).count()).toBe(1);
      await arbitratorPage.getByTestId("chain-check").filter({ hasText: "Hash chain verified: 1 message," }).waitFor(WAIT);
      await screenshot(arbitratorPage, "arbitrator-case");
      await expectAccessible(arbitratorPage, "order page, drawn arbitrator");

      // The ruling says what happens to the money and takes a reason both parties will read.
      await ruleForBuyer.click();
      const consequences = arbitratorPage.getByTestId("confirm-consequences");
      await consequences.filter({ hasText: "The buyer receives 14.5 USDT" }).waitFor(WAIT);
      expect(await consequences.textContent()).toContain("The seller loses its deposit of 2 USDT");
      const reason = "The seller never delivered and never answered; the receipt shows the payment.";
      await arbitratorPage.getByLabel("Your reason (both parties will read it)").fill(reason);
      await screenshot(arbitratorPage, "ruling-confirmation");
      await arbitratorPage.getByRole("button", { name: "Rule for the buyer", exact: true }).click();
      await status(arbitratorPage, "ResolvedBuyer");

      // The parties come back: the summary says who got what, the fee, and the arbitrator's reason.
      for (const party of [buyer, seller]) {
        await party.goto(orderUrl);
        await status(party, "ResolvedBuyer");
        await ensureSignedIn(party);
        await party.getByTestId("outcome-reason").filter({ hasText: reason }).waitFor(WAIT);
      }

      // The buyer won: the order and its deposit back (14.5 USDT); the seller's deposit paid the arbitrator.
      await buyer.getByTestId("dispute-resolution").filter({ hasText: "Ruled by the drawn arbitrator" }).waitFor(WAIT);
      expect(await buyer.getByTestId("outcome-buyer").textContent()).toBe("14.5 USDT");
      expect(await buyer.getByTestId("outcome-arbitrator").textContent()).toBe("2 USDT");
      await screenshot(buyer, "dispute-outcome");
      expect(await balanceOf(carol)).toBe(carolBefore);
      expect(await balanceOf(dave)).toBe(daveBefore - fee);
      expect(await balanceOf(arbitrator as `0x${string}`)).toBe(arbitratorBefore + fee);

      await buyer.goto(`${suite.stack.webUrl}/dashboard/disputes`);
      await buyer
        .getByRole("table", { name: "Ruled for the buyer" })
        .getByRole("row")
        .filter({ hasText: "E2E dispute item" })
        .waitFor(WAIT);
      await screenshot(buyer, "disputes");
    },
    FLOW_TIMEOUT,
  );

  it(
    "settles a dispute on the split one party proposes and the other accepts",
    async () => {
      const seller = await user("bob (seller)");
      const buyer = await user("carol (buyer)");
      const listingUrl = await list(seller, "E2E settlement item", "Settle me", "20");
      const orderUrl = await buy(buyer, listingUrl);
      await confirmAction(buyer, /^Open dispute \(deposit /);
      await status(buyer, "Disputed");
      await buyer.getByLabel(/^Settlement: amount to the buyer/).fill("8");
      // Offers expire: a day unless the proposer says otherwise.
      expect(await buyer.getByLabel("Offer open for (hours)").inputValue()).toBe("24");
      await buyer.getByRole("button", { name: "Propose settlement" }).click();
      await buyer.getByTestId("settlement-offer").filter({ hasText: "The offer expires within: 23h" }).waitFor(WAIT);
      await seller.goto(orderUrl);
      await ensureSignedIn(seller);
      expect(await confirmAction(seller, /^Accept the offer: 8 /)).toContain("The dispute ends now: the buyer receives 8 ");
      await status(seller, "Settled");
      await seller.getByTestId("dispute-resolution").filter({ hasText: "Settled by agreement, deposits returned" }).waitFor(WAIT);
      await screenshot(seller, "order-settled");
    },
    FLOW_TIMEOUT,
  );

  it(
    "tells a browser wallet switched to another network so and switches it back with one click; through it an arbitrator stakes, and withdraws once the cooldown has passed on the chain's clock",
    async () => {
      // The first account no dev role (person or service) uses: a stranger's browser wallet.
      const wallet = devAccount(DEV_ROLES.length);
      const context = await suite.browser.context();
      await installInjectedWallet(context, { rpcUrl: suite.stack.rpcUrl, address: wallet.address, chainId: 1, knownChainIds: [31337] });
      const page = await context.newPage();
      await page.goto(`${suite.stack.webUrl}/arbitrator`);
      await page.getByRole("button", { name: "Connect Wallet" }).first().click();
      await page.getByRole("button", { name: /Test Browser Wallet/ }).click();
      await page.getByRole("button", { name: "Connect Wallet" }).waitFor({ state: "detached", ...WAIT });
      await userSwitchesWalletTo(page, 1);
      const warning = page.getByRole("alert").filter({ hasText: "Your wallet is on a network this app does not support." });
      await warning.waitFor(WAIT);
      await screenshot(page, "wrong-network");
      await warning.getByRole("button", { name: /^Switch to / }).click();
      await warning.waitFor({ state: "detached", ...WAIT });
      await signIn(page); // the wallet signs the SIWE message and the key messages (personal_sign)

      const chain = testChain(suite.stack.rpcUrl);
      const pool = addressOf(31337, "ArbitratorPool");
      const [stakeToken, minStake] = await Promise.all([
        chain.readContract({ address: pool, abi: arbitratorPoolAbi, functionName: "stakeToken" }),
        chain.readContract({ address: pool, abi: arbitratorPoolAbi, functionName: "minStake" }),
      ]);
      const decimals = await chain.readContract({ address: stakeToken, abi: stablecoinAbi, functionName: "decimals" });
      const minted = await createWalletClient({ account: wallet, chain: hardhat, transport: http(suite.stack.rpcUrl) }).writeContract({
        address: stakeToken,
        abi: stablecoinAbi,
        functionName: "mint",
        args: [wallet.address, minStake],
      });
      await chain.waitForTransactionReceipt({ hash: minted });

      const arbitratorStatus = (value: string) =>
        page
          .getByTestId("arbitrator-status")
          .filter({ hasText: new RegExp(`^${value}$`) })
          .waitFor(WAIT);
      await arbitratorStatus("Not registered");
      await page.getByLabel("Amount").fill(formatUnits(minStake, decimals));
      await page.getByRole("button", { name: "Register and stake" }).click();
      await arbitratorStatus("Active");
      await page.getByRole("button", { name: "Request unstake" }).click();
      await arbitratorStatus("Unstaking");
      const withdrawStake = page.getByRole("button", { name: "Withdraw stake" });
      expect(await withdrawStake.isDisabled()).toBe(true);

      // The browser's clock stays put; the chain's moves past the cooldown, and the page follows it.
      const { unstakeAvailableAt } = await chain.readContract({
        address: pool,
        abi: arbitratorPoolAbi,
        functionName: "getArbitrator",
        args: [wallet.address],
      });
      const { timestamp } = await chain.getBlock();
      await chain.increaseTime({ seconds: Number(unstakeAvailableAt) - Number(timestamp) + 1 });
      await mineOne(chain);
      await withdrawStake.click();
      await arbitratorStatus("Not registered");
      expect(await chain.readContract({ address: stakeToken, abi: stablecoinAbi, functionName: "balanceOf", args: [wallet.address] })).toBe(
        minStake,
      );
    },
    FLOW_TIMEOUT,
  );

  it("serves the favicon, the app icons and the web manifest", async () => {
    for (const [path, type] of [
      ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
      ["/icon.svg", /image\/svg\+xml/],
      ["/apple-icon.png", /image\/png/],
      ["/manifest.webmanifest", /application\/manifest\+json/],
      ["/icon-192.png", /image\/png/],
    ] as const) {
      const response = await fetch(suite.stack.webUrl + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toMatch(type);
    }
  });

  it(
    "picks Arabic from the browser's languages on a first visit and lays it out right to left; shows a Persian reader the wallet dialog in English",
    async () => {
      const arabic = await (await suite.browser.context({ locale: "ar-EG" })).newPage();
      await arabic.goto(`${suite.stack.webUrl}/marketplace`);
      await arabic.getByRole("heading", { name: "السوق" }).waitFor(WAIT);
      expect(await arabic.locator("html").getAttribute("dir")).toBe("rtl");
      expect(await arabic.locator("html").getAttribute("lang")).toBe("ar");
      await screenshot(arabic, "marketplace-ar");

      // RainbowKit has no Persian; its Arabic would be a language a Persian reader may not read.
      const persianContext = await suite.browser.context();
      await persianContext.addCookies([{ name: "lang", value: "fa", url: suite.stack.webUrl }]);
      const persian = await persianContext.newPage();
      await persian.goto(`${suite.stack.webUrl}/sell`);
      await persian.getByRole("button", { name: "Connect Wallet" }).click(WAIT);
      await persian.getByRole("dialog").getByText("Connect a Wallet").waitFor(WAIT);
      expect(await persian.locator("html").getAttribute("dir")).toBe("rtl");
    },
    FLOW_TIMEOUT,
  );

  it(
    "lays a Persian page out right to left",
    async () => {
      const context = await suite.browser.context({ viewport: { width: 390, height: 844 } });
      await context.addCookies([{ name: "lang", value: "fa", url: suite.stack.webUrl }]);
      const page = await context.newPage();
      await page.goto(`${suite.stack.webUrl}/marketplace`);
      await page.getByRole("heading", { name: "بازار" }).waitFor(WAIT);
      await page.getByTestId("skeleton").waitFor({ state: "detached", ...WAIT });
      expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
      expect(await page.locator("html").getAttribute("lang")).toBe("fa");
      expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
      await screenshot(page, "marketplace-fa-phone");
      const english = await suite.browser.context();
      const en = await english.newPage();
      await en.goto(`${suite.stack.webUrl}/marketplace`);
      await en.getByRole("heading", { name: "Marketplace" }).waitFor(WAIT);
      await en.getByRole("list", { name: "Listings" }).getByRole("article").first().waitFor(WAIT);
      await screenshot(en, "marketplace");
      await en.goto(suite.stack.webUrl);
      await screenshot(en, "landing");
    },
    FLOW_TIMEOUT,
  );
});
