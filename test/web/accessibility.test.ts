// The main pages, as a visitor, a seller, a buyer and an arbitrator find them: axe-core finds no
// serious or critical violation on any, and no page logs an error or a warning.

import { describe, it } from "vitest";
import { devAccount } from "../../scripts/dev/accounts.ts";
import { checkPage, connectWallet, type Person, person, reach, signInIfAsked, statusIs, WAIT } from "./people.ts";
import { browserSuite, chromium } from "./suite.ts";
import { buyProduct, listProduct } from "./trade.ts";

describe.skipIf(!chromium)("accessibility and a clean console", { retry: 1 }, () => {
  const suite = browserSuite();

  /** Opens `path` in the person's tab and checks it. */
  const visit = async (who: Person, path: string, name = path) => {
    await who.page.goto(suite.stack.webUrl + path);
    await checkPage(who, name);
  };

  for (const screen of [
    { lang: "en", phone: false },
    { lang: "fa", phone: true },
  ]) {
    it(`has no serious or critical violation and logs nothing on the main pages (${screen.lang}, ${screen.phone ? "phone" : "desktop"})`, async () => {
      const [visitor, seller, buyer, arbitrator] = (await Promise.all(
        [0, 1, 2, 3].map(() => person(suite.browser, suite.stack.webUrl, screen)),
      )) as [Person, Person, Person, Person];

      await visitor.open("/");
      await checkPage(visitor, "landing");
      await visit(visitor, "/marketplace");
      await visit(visitor, `/profile/${devAccount(2).address}`, "profile");

      await seller.open("/sell");
      await checkPage(seller, "sell form, no wallet");
      await connectWallet(seller.page, "bob (seller)");
      const listingUrl = await listProduct(seller, { title: `A11y item ${screen.lang}`, deliverable: "Code: A11Y", price: "11" });
      await checkPage(seller, "product page, seller");

      await buyer.open(new URL(listingUrl).pathname);
      await checkPage(buyer, "product page, no wallet");
      await connectWallet(buyer.page, "alice (buyer)");
      await checkPage(buyer, "product page, buyer");
      const orderPath = new URL(await buyProduct(buyer)).pathname;
      await checkPage(buyer, "order page, buyer");

      await seller.page.goto(suite.stack.webUrl + orderPath);
      await reach(seller.page, seller.say, statusIs(seller.page, "Created"));
      await checkPage(seller, "order page, seller");
      for (const path of ["/dashboard", "/dashboard/products", "/dashboard/earnings", "/dashboard/disputes"]) {
        await seller.page.goto(suite.stack.webUrl + path);
        await signInIfAsked(seller.page, seller.say);
        await checkPage(seller, path);
      }

      await arbitrator.open("/arbitrator");
      await checkPage(arbitrator, "arbitrator page, no wallet");
      await connectWallet(arbitrator.page, "erin (arbitrator)");
      await signInIfAsked(arbitrator.page, arbitrator.say);
      await arbitrator.page.getByTestId("arbitrator-status").waitFor(WAIT);
      await checkPage(arbitrator, "arbitrator page");
      // An arbitrator who was not drawn sees the order as anyone does.
      await visit(arbitrator, orderPath, "order page, arbitrator not drawn");

      await visit(visitor, orderPath, "order page, visitor (asked to connect a wallet)");
    }, 420_000);
  }
});
