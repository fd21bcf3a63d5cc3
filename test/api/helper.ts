// Setup for API tests: one real PostgreSQL per test file, a fresh database per app, and a
// sign-in helper that walks the real EIP-4361 flow with a local key.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type SignInRequest, signInMessage } from "@p2p-escrow/protocol/sign-in";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { generatePrivateKey, type LocalAccount, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../../api/src/app.ts";
import { type Config, loadConfig } from "../../api/src/config/env.ts";
import type { Database } from "../../api/src/db/database.ts";
import { type RunningPostgres, startPostgres } from "../../scripts/lib/stack/postgres.ts";

export const SIWE_DOMAIN = "app.test";
export const SIWE_URI = "https://app.test";
export const LOCAL_CHAIN_ID = 31337;

let databases = 0;

/** A fresh, empty database on `postgres`, and its URL. */
export async function freshDatabase(postgres: RunningPostgres): Promise<string> {
  const name = `api_test_${process.pid}_${++databases}`;
  await postgres.createDatabase(name);
  return postgres.urlFor(name);
}

/** The API's configuration for a test, from the same loader production uses. */
export async function testConfig(databaseUrl: string, env: Record<string, string> = {}): Promise<Config> {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    SIWE_DOMAIN,
    SIWE_URI,
    CORS_ORIGINS: SIWE_URI,
    IPFS_REPO_DIR: await mkdtemp(path.join(tmpdir(), "api-ipfs-")),
    ...env,
  });
}

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  config: Config;
  close: () => Promise<void>;
}

/** Builds the app on a fresh database and waits until it is ready to serve. */
export async function build(postgres: RunningPostgres, env: Record<string, string> = {}): Promise<TestApp> {
  const config = await testConfig(await freshDatabase(postgres), env);
  const app = await buildApp(config);
  await app.ready();
  return { app, db: app.db, config, close: () => app.close() };
}

/**
 * The app on its own PostgreSQL for the tests of one file: filled in before they run, closed
 * after them.
 */
export function appForFile(env: Record<string, string> = {}): TestApp {
  const t = {} as TestApp;
  let postgres: RunningPostgres | undefined;
  beforeAll(async () => {
    postgres = await startPostgres();
    Object.assign(t, await build(postgres, env));
  });
  afterAll(async () => {
    await t.close?.();
    await postgres?.stop();
  });
  return t;
}

export interface AppPair {
  postgres: RunningPostgres;
  a: FastifyInstance;
  b: FastifyInstance;
  /** Closes both apps, then stops PostgreSQL. */
  close: () => Promise<void>;
}

/**
 * Two API processes of one deployment on their own PostgreSQL: one configuration (processes share
 * it, the JWT secret above all), both apps listening on free ports.
 */
export async function startAppPair(env: Record<string, string> = {}): Promise<AppPair> {
  const postgres = await startPostgres();
  const apps: FastifyInstance[] = [];
  const close = async () => {
    for (const app of apps) await app.close();
    await postgres.stop();
  };
  try {
    const config = await testConfig(await freshDatabase(postgres), env);
    for (let i = 0; i < 2; i++) apps.push(await buildApp(config));
    for (const app of apps) await app.listen({ port: 0, host: "127.0.0.1" });
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return { postgres, a: apps[0]!, b: apps[1]!, close };
}

export function newAccount(): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey());
}

/**
 * The sign-in message for `account`, with a nonce fresh from the API unless one is given. The
 * auth tests pass wrong fields here to build the messages the API must refuse.
 */
export async function siweMessage(app: FastifyInstance, account: LocalAccount, overrides: Partial<SignInRequest> = {}) {
  const nonce = overrides.nonce ?? (await app.inject({ method: "POST", url: "/auth/nonce" })).json().data.nonce;
  return signInMessage({
    address: account.address,
    domain: SIWE_DOMAIN,
    uri: `${SIWE_URI}/login`,
    chainId: LOCAL_CHAIN_ID,
    ...overrides,
    nonce,
  });
}

/** Signs `account` in and returns its bearer token. */
export async function signIn(app: FastifyInstance, account: LocalAccount): Promise<string> {
  const message = await siweMessage(app, account);
  const signature = await account.signMessage({ message });
  const response = await app.inject({ method: "POST", url: "/auth/verify", payload: { message, signature } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  return response.json().data.token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
