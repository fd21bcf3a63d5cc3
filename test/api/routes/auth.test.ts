import { createHmac } from "node:crypto";
import { parseSignInMessage } from "@p2p-escrow/protocol/sign-in";
import { createSigner } from "fast-jwt";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type {} from "../../../api/src/plugins/app/auth-repository.ts";
import { waitFor } from "../../../scripts/lib/wait-for.ts";
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

  it("reports not ready while no indexer deployment is published in the views", async () => {
    const response = await t.app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      success: false,
      error: { code: "NOT_READY", details: { database: true, indexer: { published: false } } },
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

/** The claims of a token the API issued. */
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, number>;
const sessionOf = (token: string) => t.app.inject({ method: "GET", url: "/auth/session", headers: bearer(token) });

describe("a session's lifetime", () => {
  it("lasts JWT_TTL_SECONDS from sign-in, not a thousand times longer", async () => {
    const before = Math.floor(Date.now() / 1000);
    const account = newAccount();
    const message = await siweMessage(t.app, account);
    const response = await verify({ message, signature: await account.signMessage({ message }) });
    const { token, expiresAt } = response.json().data;
    const { iat, exp } = claimsOf(token);
    expect(exp - iat).toBe(t.config.JWT_TTL_SECONDS);
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(Math.abs(new Date(expiresAt).getTime() / 1000 - exp)).toBeLessThan(1);
  });

  it("ends at the message's Expiration Time when that comes first", async () => {
    const account = newAccount();
    const expirationTime = new Date(Date.now() + 90_000);
    const message = await siweMessage(t.app, account, { expirationTime });
    const { token, expiresAt } = (await verify({ message, signature: await account.signMessage({ message }) })).json().data;
    expect(expiresAt).toBe(expirationTime.toISOString());
    expect(claimsOf(token).exp).toBe(Math.ceil(expirationTime.getTime() / 1000));
  });

  it("stops working once the message's Expiration Time passes", async () => {
    const account = newAccount();
    const expirationTime = new Date(Date.now() + 8_000);
    const message = await siweMessage(t.app, account, { expirationTime });
    const { token } = (await verify({ message, signature: await account.signMessage({ message }) })).json().data;
    expect((await sessionOf(token)).statusCode).toBe(200);
    // The wait is the point: the token must die on its own at that time.
    const refused = await waitFor(
      async () => {
        const response = await sessionOf(token);
        return response.statusCode === 200 ? undefined : response;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: "the token to be refused after the message's expiration time" },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(expirationTime.getTime());
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("TOKEN_EXPIRED");
  });

  it("checks the session's own end, not only whether it was signed out", async () => {
    const token = await signIn(t.app, newAccount());
    await t.db
      .updateTable("sessions")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where("jti", "=", String(claimsOf(token).jti))
      .execute();
    const response = await sessionOf(token);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("TOKEN_EXPIRED");
  });
});

describe("tokens with odd headers", () => {
  const b64url = (text: string) => Buffer.from(text).toString("base64url");
  /** A token with the claims of a live session and `header`, correctly signed with the API's key. */
  const withHeader = (header: string, claims: object) => {
    const input = `${b64url(header)}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${createHmac("sha256", t.config.JWT_SECRET).update(input).digest("base64url")}`;
  };

  it("are refused with 401 TOKEN_INVALID, whatever the header names", async () => {
    const claims = claimsOf(await signIn(t.app, newAccount()));
    // The control: the same claims under a plain header are accepted.
    expect((await sessionOf(withHeader('{"alg":"HS256","typ":"JWT"}', claims))).statusCode).toBe(200);
    const headers = [
      '{"alg":"RS256","typ":"JWT"}',
      '{"alg":"ES256"}',
      '{"alg":"PS256"}',
      '{"alg":"EdDSA"}',
      '{"alg":"HS512"}',
      '{"alg":"hs256"}',
      '{"alg":"none"}',
      '{"alg":""}',
      '{"typ":"JWT"}',
      '{"alg":42}',
      '{"alg":null}',
      '{"alg":["HS256"]}',
      '{"alg":{"name":"HS256"}}',
      '{"alg":"HS256","crit":["exp"]}',
      '{"alg":"HS256","b64":false,"crit":["b64"]}',
      "{}",
      "[]",
      "null",
      '"HS256"',
      "not json",
      '{"alg":"HS256"',
    ];
    for (const header of headers) {
      const response = await sessionOf(withHeader(header, claims));
      expect(response.statusCode, header).toBe(401);
      expect(response.json().error.code, header).toBe("TOKEN_INVALID");
      // A route where signing in is optional reads the token the same way.
      const optional = await t.app.inject({
        method: "GET",
        url: `/listings/${crypto.randomUUID()}`,
        headers: bearer(withHeader(header, claims)),
      });
      expect(optional.statusCode, header).toBe(401);
    }
  });

  it("name no key the API would look up: a kid, a jku or padding is ignored, the API's own key decides", async () => {
    const claims = claimsOf(await signIn(t.app, newAccount()));
    const headers = [
      '{"alg":"HS256","kid":{"id":1}}',
      '{"alg":"HS256","kid":"../../etc/passwd"}',
      '{"alg":"HS256","jku":"https://evil.test/jwks.json"}',
      `{"alg":"HS256","pad":"${"x".repeat(3000)}"}`,
    ];
    for (const header of headers) {
      expect((await sessionOf(withHeader(header, claims))).statusCode, header).toBe(200);
    }
  });

  it("are refused in the envelope when they are not three base64url parts", async () => {
    for (const token of ["a.b", "a.b.c.d", "..", "abc", "%%%.@@@.###", `${"a".repeat(5000)}.b.c`]) {
      const response = await sessionOf(token);
      expect([400, 401], token).toContain(response.statusCode);
      expect(response.json().error.code, token).toBe("TOKEN_INVALID");
    }
  });
});

describe("the nonce and logout routes", () => {
  const nonceRows = async () => (await t.db.selectFrom("auth_nonces").select("nonce").execute()).length;

  it("take no body: an empty one or {} only", async () => {
    expect((await t.app.inject({ method: "POST", url: "/auth/nonce" })).statusCode).toBe(200);
    expect((await t.app.inject({ method: "POST", url: "/auth/nonce", payload: {} })).statusCode).toBe(200);
    const before = await nonceRows();
    const cases: [object, number][] = [
      [{ payload: { anything: 1 } }, 400],
      [{ payload: "hello", headers: { "content-type": "text/plain" } }, 400],
      [{ payload: "[1]", headers: { "content-type": "application/json" } }, 400],
      [{ payload: { padding: "x".repeat(10_000) } }, 413],
    ];
    for (const [options, status] of cases) {
      const response = await t.app.inject({ method: "POST", url: "/auth/nonce", ...options });
      expect(response.statusCode, JSON.stringify(options).slice(0, 80)).toBe(status);
      expect(response.json().success).toBe(false);
    }
    expect((await t.app.inject({ method: "POST", url: "/auth/nonce?x=1" })).statusCode).toBe(400);
    expect(await nonceRows()).toBe(before);

    const token = await signIn(t.app, newAccount());
    const logout = await t.app.inject({ method: "POST", url: "/auth/logout", headers: bearer(token), payload: { everywhere: true } });
    expect(logout.statusCode).toBe(400);
    expect((await sessionOf(token)).statusCode).toBe(200);
  });

  it("delete unused nonces once they expire", async () => {
    const [stale, fresh] = await Promise.all(
      [1, 2].map(async () => (await t.app.inject({ method: "POST", url: "/auth/nonce" })).json().data.nonce as string),
    );
    await t.db.updateTable("auth_nonces").set({ expires_at: sql`now() - interval '1 second'` }).where("nonce", "=", stale!).execute();
    await t.app.authRepository.sweep();
    const left = (await t.db.selectFrom("auth_nonces").select("nonce").where("nonce", "in", [stale!, fresh!]).execute()).map(
      (r) => r.nonce,
    );
    expect(left).toEqual([fresh]);
  });
});

describe("sign-in checks beyond the signature", () => {
  it("refuses a chain the registry knows but where the escrow is not deployed", async () => {
    const account = newAccount();
    const message = await siweMessage(t.app, account, { chainId: 11_155_111 }); // Sepolia: in the registry, not deployed
    await rejected(verify({ message, signature: await account.signMessage({ message }) }), "SIWE_CHAIN_UNSUPPORTED");
  });

  it("refuses a message whose expiration or not-before time is not a date", async () => {
    const account = newAccount();
    for (const line of ["Expiration Time: 2026-13-45T00:00:00Z", "Not Before: 2026-02-30T25:00:00Z", "Expiration Time: tomorrow"]) {
      const message = (await siweMessage(t.app, account)).replace(/(Issued At: .*)/, `$1\n${line}`);
      await rejected(verify({ message, signature: await account.signMessage({ message }) }), "SIWE_MESSAGE_INVALID");
    }
  });
});
