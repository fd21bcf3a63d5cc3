// What NODE_ENV=production refuses, and the deployment files agreeing with the code they deploy.
// No process is started here: production-start.test.ts runs the services.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { generatePrivateKey, mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../api/src/config/env.ts";
import { PUBLIC_JWT_SECRETS } from "../../api/src/config/production.ts";
import { KeeperConfigError, loadKeeperConfig } from "../../api/src/keeper/env.ts";
import { chains } from "../../contracts/chains.ts";
import { DEV_MNEMONIC } from "../../contracts/dev-accounts.ts";
import { rpcUrlEnv } from "../../contracts/rpc.ts";
import { InterpolationError, readEnvFile } from "../../scripts/lib/container/compose.ts";
import { readDockerfile } from "../../scripts/lib/container/dockerfile.ts";
import { COMPOSE_FILE, composeWith, DEPLOY_DIR } from "./containers.ts";

const LOCAL = chains.local.chain.id;

/** A complete production environment for the API, as deploy/compose.yaml gives it. */
const productionApiEnv = (): Record<string, string> => ({
  NODE_ENV: "production",
  DATABASE_URL: "postgres://p2p:secret@postgres:5432/p2p",
  JWT_SECRET: randomBytes(32).toString("hex"),
  SIWE_DOMAIN: "escrow.example.org",
  SIWE_URI: "https://escrow.example.org",
  CORS_ORIGINS: "https://escrow.example.org",
  IPFS_BACKEND: "kubo",
  KUBO_API_URL: "http://kubo:5001",
  CASE_RELAY_ADDRESS: "0x1111111111111111111111111111111111111111",
  [rpcUrlEnv(LOCAL)]: "http://chain:8545",
});

const problemsOf = (load: () => unknown) => {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KeeperConfigError) return error.message;
    throw error;
  }
  return "";
};

describe("the API in production", () => {
  it("starts with a complete production environment", () => {
    expect(problemsOf(() => loadConfig(productionApiEnv()))).toBe("");
  });

  it("refuses the published example secret and a secret of few distinct characters", () => {
    for (const JWT_SECRET of [...PUBLIC_JWT_SECRETS, "ab".repeat(32)]) {
      expect(problemsOf(() => loadConfig({ ...productionApiEnv(), JWT_SECRET }))).toMatch(/JWT_SECRET: /);
    }
    // The example file an operator copies carries exactly the refused placeholder.
    expect(PUBLIC_JWT_SECRETS).toContain(readEnvFile(path.join(DEPLOY_DIR, "env.example")).JWT_SECRET);
  });

  it("refuses every setting left to its localhost default, and names each one", () => {
    const env = productionApiEnv();
    for (const name of ["SIWE_DOMAIN", "SIWE_URI", "CORS_ORIGINS", "CASE_RELAY_ADDRESS"]) delete env[name];
    const problems = problemsOf(() => loadConfig(env));
    for (const name of ["SIWE_DOMAIN", "SIWE_URI", "CORS_ORIGINS", "CASE_RELAY_ADDRESS"])
      expect(problems).toContain(`${name}: required in production`);
  });

  it("refuses the embedded IPFS node, which other API processes cannot read from", () => {
    expect(problemsOf(() => loadConfig({ ...productionApiEnv(), IPFS_BACKEND: "helia" }))).toMatch(/IPFS_BACKEND: kubo or pinata/);
  });

  it("refuses to run without a chain", () => {
    const env = productionApiEnv();
    delete env[rpcUrlEnv(LOCAL)];
    expect(problemsOf(() => loadConfig(env))).toMatch(/RPC_URL_<chainId>: at least one chain/);
  });

  it("keeps the development defaults outside production", () => {
    expect(problemsOf(() => loadConfig({ DATABASE_URL: "postgres://localhost/dev", JWT_SECRET: "x".repeat(32) }))).toBe("");
  });
});

describe("the keeper in production", () => {
  const keeperEnv = (key: string, NODE_ENV = "production") => ({
    NODE_ENV,
    DATABASE_URL: "postgres://p2p:secret@postgres:5432/p2p",
    [rpcUrlEnv(LOCAL)]: "http://chain:8545",
    KEEPER_PRIVATE_KEY: key,
  });
  const devKey = (addressIndex: number) => {
    const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex }).getHdKey().privateKey!;
    return `0x${Buffer.from(key).toString("hex")}`;
  };

  it("refuses every funded key of the public dev mnemonic", () => {
    for (const index of [0, 8, 19])
      expect(problemsOf(() => loadKeeperConfig(keeperEnv(devKey(index))))).toMatch(/KEEPER_PRIVATE_KEY: .*dev mnemonic/);
  });

  it("accepts a key of its own, and the dev keys outside production", () => {
    expect(problemsOf(() => loadKeeperConfig(keeperEnv(generatePrivateKey())))).toBe("");
    expect(problemsOf(() => loadKeeperConfig(keeperEnv(devKey(8), "development")))).toBe("");
  });
});

describe("the deployment files", () => {
  const variables = {
    POSTGRES_PASSWORD: "p",
    JWT_SECRET: "s",
    WEB_DOMAIN: "w.test",
    API_DOMAIN: "a.test",
    ACME_EMAIL: "ops@w.test",
    CASE_RELAY_ADDRESS: "0x1111111111111111111111111111111111111111",
  };

  it("give every chain of the registry its RPC URL variable, in the Compose file and in env.example", () => {
    const compose = readFileSync(COMPOSE_FILE, "utf8");
    const example = readEnvFile(path.join(DEPLOY_DIR, "env.example"));
    for (const { chain } of Object.values(chains)) {
      expect(compose).toContain(`${rpcUrlEnv(chain.id)}: \${${rpcUrlEnv(chain.id)}:-}`);
      expect(example).toHaveProperty(rpcUrlEnv(chain.id));
    }
  });

  it("run every image of the project in production mode, as the unprivileged node user, from a directory of the repository", () => {
    const { services } = composeWith(variables);
    const built = Object.values(services).filter((s) => s.build);
    expect(built.map((s) => s.name).sort()).toEqual(["api-1", "api-2", "indexer", "indexer-views", "keeper", "migrate", "web"]);
    for (const service of built) {
      const image = readDockerfile(path.resolve(DEPLOY_DIR, service.build!.context, service.build!.dockerfile));
      expect(image.env.NODE_ENV, service.name).toBe("production");
      expect(image.user, service.name).toBe("node");
      expect(image.workdir, service.name).toMatch(/^\/app\/(api|indexer|web)$/);
    }
  });

  it("stop Compose when a secret or a name has no value, rather than start with an empty one", () => {
    for (const name of Object.keys(variables)) {
      expect(() => composeWith({ ...variables, [name]: "" }), name).toThrow(InterpolationError);
    }
  });

  it("proxy to the services and ports the Compose file runs", () => {
    const { services } = composeWith(variables);
    const caddyfile = readFileSync(path.join(DEPLOY_DIR, "Caddyfile"), "utf8");
    const upstreams = [...caddyfile.matchAll(/reverse_proxy ([^{]+)\{/g)].flatMap((m) => m[1]!.trim().split(/\s+/));
    expect(upstreams.sort()).toEqual(["api-1:4000", "api-2:4000", "web:3000"]);
    for (const upstream of upstreams) {
      const [name, port] = upstream.split(":");
      const service = services[name!]!;
      const image = readDockerfile(path.resolve(DEPLOY_DIR, service.build!.context, service.build!.dockerfile));
      // The first EXPOSEd port is the public one; any other (metrics) is never proxied.
      expect(image.expose[0], upstream).toBe(Number(port));
    }
  });
});
