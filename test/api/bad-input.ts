// Shared checks for the bad-input cases every route is tested with: a missing field, a wrong
// type, an oversized body, no token, an expired token and a caller who is not a party.
import { randomUUID } from "node:crypto";
import { createSigner } from "fast-jwt";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Config } from "../../api/src/config/env.ts";
import type { Database } from "../../api/src/db/database.ts";

/** A correctly signed session token that expired long ago. */
export function expiredToken(config: Config, address: string, chainId = 31337): string {
  const sign = createSigner({ key: config.JWT_SECRET, iss: config.JWT_ISSUER, aud: config.JWT_AUDIENCE });
  return sign({ sub: address.toLowerCase(), chainId, jti: randomUUID(), iat: 1_000, exp: 2_000 });
}

/** Asserts the response is `status` in the error envelope, with `code` when given. */
export function expectError(response: LightMyRequestResponse, status: number, code?: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(body).toMatchObject({ success: false, error: { code: expect.any(String), message: expect.any(String) } });
  if (code) expect(body.error.code).toBe(code);
}

type ApiTable = Exclude<keyof Database, `indexer.${string}`>;

/** Row counts of `tables`, to show that a rejected request wrote nothing. */
export async function rowCounts(db: Kysely<Database>, tables: ApiTable[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * Sends `request` and asserts it is rejected with `status` (and `code`) and that none of `tables`
 * gained or lost a row.
 */
export async function expectRejectedUnchanged(
  app: FastifyInstance,
  db: Kysely<Database>,
  tables: ApiTable[],
  request: InjectOptions,
  status: number,
  code?: string,
) {
  const before = await rowCounts(db, tables);
  const response = await app.inject(request);
  expectError(response, status, code);
  expect(await rowCounts(db, tables)).toEqual(before);
  return response;
}

/** A JSON body larger than the API's JSON body limit. */
export const oversizedJson = (config: Config) => ({
  headers: { "content-type": "application/json" },
  payload: JSON.stringify({ padding: "x".repeat(config.BODY_LIMIT_BYTES + 1) }),
});
