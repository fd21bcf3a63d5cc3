// The web image's command (deploy/web.Dockerfile, deploy/compose.yaml's `web`) run outside a
// container on the build the image makes (`next build` into web/.next), as containers.ts runs
// every service.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/stack/ports.ts";
import type { Service } from "../../scripts/lib/stack/service.ts";
import { buildWeb } from "../../scripts/lib/stack/web.ts";
import { composeWith, outside, type ProductionStack, runOutside, startOutside } from "./containers.ts";

/** The web app needs no other service to start: it reaches the API from the browser. */
const stack = (): ProductionStack => ({
  compose: composeWith({
    POSTGRES_PASSWORD: "unused",
    JWT_SECRET: "unused",
    WEB_DOMAIN: "escrow.test",
    API_DOMAIN: "api.escrow.test",
    CASE_RELAY_ADDRESS: "0x1111111111111111111111111111111111111111",
    RPC_URL_31337: "http://127.0.0.1:9",
  }),
  addresses: {},
});

describe("the web app's production command", () => {
  it("refuses the local chain and its dev wallets before loading the build", async () => {
    const refused = await runOutside(await outside(stack(), "web", await freePort(), { WEB_LOCAL_CHAIN: "1" }));
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/WEB_LOCAL_CHAIN: the local chain and its dev wallets are refused in production/);
  });

  describe("on the image's build", () => {
    let web: Service;
    let port: number;

    beforeAll(async () => {
      await buildWeb(); // the image's `next build`, into the same web/.next
      port = await freePort();
      web = await startOutside("the web app", await outside(stack(), "web", port));
    }, 900_000);

    afterAll(async () => {
      await web?.stop();
    });

    it("serves the marketplace once its healthcheck passes", async () => {
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/);
    });
  });
});
