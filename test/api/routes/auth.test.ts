import { parseSignInMessage } from "@p2p-escrow/protocol/sign-in";
import { createSigner } from "fast-jwt";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { appForFile, bearer, newAccount, SIWE_URI, signIn, siweMessage } from "../helper.ts";

const t = appForFile();

const verify = (payload: unknown) => t.app.inject({ method: "POST", url: "/auth/verify", payload: payload as object });
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

const sessionCount = async () => (await t.db.selectFrom("sessions").select("jti").execute()).length;

/** Asserts a 401 with `code`, and that the attempt created no session. */
async function rejected(attempt: Promise<Awaited<ReturnType<typeof verify>>>, code: string) {
  const before = await sessionCount();
  const response = await attempt;
  expect(response.statusCode, response.body).toBe(401);
  expect(response.json()).toMatchObject({ success: false, error: { code } });
  expect(await sessionCount()).toBe(before);
}

describe("sign-in with Ethereum", () => {
  it("issues random single-use nonces of at least eight alphanumerics, valid for five minutes", async () => {
    const [a, b] = await Promise.all([1, 2].map(() => t.app.inject({ method: "POST", url: "/auth/nonce" })));
    const first = a.json().data;
    expect(first.nonce).toMatch(/^[a-zA-Z0-9]{8,}$/);
    expect(first.nonce).not.toBe(b.json().data.nonce);
    const ttl = new Date(first.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
  });

  it("exchanges a correctly signed message for a session token bound to the wallet", async () => {
    const account = newAccount();
    const token = await signIn(t.app, account);
    const session = await t.app.inject({ method: "GET", url: "/auth/session", headers: bearer(token) });
    expect(session.json()).toEqual({ success: true, data: { address: account.address, chainId: 31337 } });
  });

  it("refuses to reuse a nonce once it has signed someone in", async () => {
    const account = newAccount();
    const message = await siweMessage(t.app, account);
    const signature = await account.signMessage({ message });
    expect((await verify({ message, signature })).statusCode).toBe(200);
    const replay = await verify({ message, signature });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe("SIWE_NONCE_INVALID");
  });

  it("rejects a nonce the API never issued", async () => {
    const account = newAccount();
    const message = await siweMessage(t.app, account, { nonce: "abcdefgh12345678" });
    await rejected(verify({ message, signature: await account.signMessage({ message }) }), "SIWE_NONCE_INVALID");
  });

  it("rejects a nonce older than five minutes", async () => {
    const account = newAccount();
    const message = await siweMessage(t.app, account);
    const { nonce } = parseSignInMessage(message)!;
    await t.db.updateTable("auth_nonces").set({ expires_at: sql`now() - interval '1 second'` }).where("nonce", "=", nonce).execute();
    await rejected(verify({ message, signature: await account.signMessage({ message }) }), "SIWE_NONCE_INVALID");
  });

  it("rejects an expired message", async () => {
    const account = newAccount();
    const message = await siweMessage(t.app, account, { issuedAt: minutes(-10), expirationTime: minutes(-1) });
    await rejected(verify({ message, signature: await account.signMessage({ message }) }), "SIWE_EXPIRED");
  });

  it("rejects a message issued too long ago even without an expiry", async () => {
    const account = newAccount();
    const message = await siweMessage(t.app, account, { issuedAt: minutes(-30) });
    await rejected(verify({ message, signature: await account.signMessage({ message }) }), "SIWE_EXPIRED");
  });

  it("rejects a message that is not valid yet", async () => {
    const account = newAccount();
    for (const overrides of [{ notBefore: minutes(10) }, { issuedAt: minutes(10) }]) {
      const message = await siweMessage(t.app, account, overrides);
      await rejected(verify({ message, signature: await account.signMessage({ message }) }), "SIWE_NOT_YET_VALID");
    }
  });

  it("rejects a message for another domain, another origin or an unsupported chain", async () => {
    const account = newAccount();
    const cases = [
      [{ domain: "evil.test" }, "SIWE_DOMAIN_MISMATCH"],
      [{ uri: "https://evil.test/login" }, "SIWE_URI_MISMATCH"],
      [{ chainId: 999_999 }, "SIWE_CHAIN_UNSUPPORTED"],
    ] as const;
    for (const [overrides, code] of cases) {
      const message = await siweMessage(t.app, account, overrides);
      await rejected(verify({ message, signature: await account.signMessage({ message }) }), code);
    }
  });

  it("rejects a malformed signature and a signature by another wallet", async () => {
    const account = newAccount();
    const message = await siweMessage(t.app, account);
    await rejected(verify({ message, signature: `0x${"12".repeat(65)}` }), "SIWE_SIGNATURE_INVALID");
    await rejected(verify({ message, signature: await newAccount().signMessage({ message }) }), "SIWE_SIGNER_MISMATCH");
    // Neither attempt spent the nonce: the rightful signer can still use it.
    expect((await verify({ message, signature: await account.signMessage({ message }) })).statusCode).toBe(200);
  });

  it("answers a missing field, a wrong type and an oversized body with a 4xx in the envelope", async () => {
    const before = await sessionCount();
    const missing = await verify({ message: "x" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ success: false, error: { code: "VALIDATION_FAILED" } });
    expect(missing.json().error.details).toContainEqual(expect.objectContaining({ field: "body/signature" }));
    const wrongType = await verify({ message: 42, signature: "0x12" });
    expect(wrongType.statusCode).toBe(400);
    const oversized = await t.app.inject({
      method: "POST",
      url: "/auth/verify",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ message: "x".repeat(t.config.BODY_LIMIT_BYTES), signature: "0x12" }),
    });
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json()).toMatchObject({ success: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await sessionCount()).toBe(before);
  });
});

describe("session tokens", () => {
  it("are refused once the wallet has logged out", async () => {
    const token = await signIn(t.app, newAccount());
    const logout = await t.app.inject({ method: "POST", url: "/auth/logout", headers: bearer(token) });
    expect(logout.json()).toEqual({ success: true, data: { revoked: true } });
    const after = await t.app.inject({ method: "GET", url: "/auth/session", headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe("SESSION_REVOKED");
  });

  it("are required, and refused when expired, forged or issued for another audience", async () => {
    const none = await t.app.inject({ method: "GET", url: "/auth/session" });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe("UNAUTHENTICATED");

    const claims = { sub: newAccount().address.toLowerCase(), chainId: 31337, jti: crypto.randomUUID() };
    const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE } = t.config;
    const expired = createSigner({ key: JWT_SECRET, iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ ...claims, iat: 1_000, exp: 2_000 });
    const forged = createSigner({
      key: "another-secret-another-secret-another-secret",
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
      expiresIn: 60_000,
    })(claims);
    const unsigned = createSigner({ algorithm: "none", iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: 60_000 })(claims);
    const otherAudience = createSigner({ key: JWT_SECRET, iss: JWT_ISSUER, aud: "someone-else", expiresIn: 60_000 })(claims);
    const cases = [
      [expired, "TOKEN_EXPIRED"],
      [forged, "TOKEN_INVALID"],
      [unsigned, "TOKEN_INVALID"],
      [otherAudience, "TOKEN_INVALID"],
    ] as const;
    for (const [token, code] of cases) {
      const response = await t.app.inject({ method: "GET", url: "/auth/session", headers: bearer(token) });
      expect(response.statusCode, token).toBe(401);
      expect(response.json().error.code).toBe(code);
    }
  });
});

describe("the API's edges", () => {
  it("answers /health, serves its OpenAPI document and wraps unknown routes in the envelope", async () => {
    expect((await t.app.inject({ method: "GET", url: "/health" })).json()).toMatchObject({ success: true, data: { status: "ok" } });
    const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/auth/nonce", "/auth/verify", "/auth/logout"]));
    const missing = await t.app.inject({ method: "GET", url: "/nowhere" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
    const longParameter = await t.app.inject({ method: "GET", url: `/listings/${"1".repeat(200)}` });
    expect(longParameter.statusCode).toBe(414);
    expect(longParameter.json()).toMatchObject({ success: false, error: { code: "URI_TOO_LONG" } });
  });

  it("reports not ready while the indexer cannot be reached", async () => {
    const response = await t.app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      success: false,
      error: { code: "NOT_READY", details: { database: true, indexer: { reachable: false } } },
    });
  });

  it("allows cross-origin calls from the web app only, and sets security headers", async () => {
    const allowed = await t.app.inject({
      method: "OPTIONS",
      url: "/auth/nonce",
      headers: { origin: SIWE_URI, "access-control-request-method": "POST" },
    });
    expect(allowed.headers["access-control-allow-origin"]).toBe(SIWE_URI);
    const refused = await t.app.inject({
      method: "OPTIONS",
      url: "/auth/nonce",
      headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
    });
    expect(refused.headers["access-control-allow-origin"]).toBeUndefined();
    const health = await t.app.inject({ method: "GET", url: "/health" });
    expect(health.headers["x-content-type-options"]).toBe("nosniff");
  });
});
