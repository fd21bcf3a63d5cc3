// /auth/nonce and /auth/logout have their own per-IP limit (RATE_LIMIT_AUTH_PER_MINUTE), tighter
// than the general one: each nonce is a row in the database.
import { describe, expect, it } from "vitest";
import type {} from "../../../api/src/plugins/app/auth-repository.ts";
import { expectError } from "../bad-input.ts";
import { appForFile, bearer, newAccount } from "../helper.ts";

const LIMIT = 3;
const t = appForFile({ RATE_LIMIT_AUTH_PER_MINUTE: String(LIMIT) });

describe("the sign-in routes' own limit", () => {
  it("stops handing out nonces past the limit, writing no row for the refused ones", async () => {
    for (let i = 0; i < LIMIT; i++) expect((await t.app.inject({ method: "POST", url: "/auth/nonce" })).statusCode).toBe(200);
    const refused = await t.app.inject({ method: "POST", url: "/auth/nonce" });
    expectError(refused, 429, "RATE_LIMITED");
    expect((await t.db.selectFrom("auth_nonces").select("nonce").execute()).length).toBe(LIMIT);
    // The general per-IP limit is another, larger budget.
    expect((await t.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });

  it("limits signing out on its own, and a refused sign-out leaves the session on", async () => {
    // Sessions made as /auth/verify makes them, without spending the nonces used up above.
    const tokens = await Promise.all(
      Array.from({ length: LIMIT + 1 }, async () => {
        const address = newAccount().address.toLowerCase();
        const jti = await t.app.authRepository.createSession(address, 31337, new Date(Date.now() + 3_600_000));
        return { jti, token: t.app.jwt.sign({ sub: address, chainId: 31337, jti }) };
      }),
    );
    for (const { token } of tokens.slice(0, LIMIT)) {
      expect((await t.app.inject({ method: "POST", url: "/auth/logout", headers: bearer(token) })).statusCode).toBe(200);
    }
    const last = tokens[LIMIT]!;
    expectError(await t.app.inject({ method: "POST", url: "/auth/logout", headers: bearer(last.token) }), 429, "RATE_LIMITED");
    expect(await t.app.authRepository.sessionState(last.jti)).toBe("live");
  });
});
