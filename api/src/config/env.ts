// The API's configuration, read once from the environment and validated before anything starts:
// a missing or malformed variable stops the process with every problem listed at once.
import { rpcUrlsFrom } from "@p2p-escrow/contracts/rpc";
import { type Static, Type } from "@sinclair/typebox";
import { ViewsSchemaEnv } from "../db/views-schema.ts";
import { type NativePriceSource, nativePriceSourcesFrom } from "../services/native-price.ts";
import { PaymasterEnv } from "../services/paymaster/paymaster-config.ts";
import { RealtimeEnv } from "../services/realtime/realtime-config.ts";
import { WatcherEnv } from "../services/realtime/watcher-config.ts";
import { RelayEnv } from "../services/relay/relay-config.ts";
import { LogLevel, parseEnv } from "./parse-env.ts";
import { isDevAccountKey, isProduction, jwtSecretProblems, unsetProblems } from "./production.ts";

const Csv = Type.String({ description: "comma-separated list" });

export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal("development"), Type.Literal("production"), Type.Literal("test")], { default: "development" }),
  LOG_LEVEL: LogLevel,
  API_HOST: Type.String({ default: "127.0.0.1" }),
  API_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 4000 }),
  /** Prometheus' /metrics, on a listener of its own: keep it on an internal interface (docs/metrics.md). */
  API_METRICS_HOST: Type.String({ default: "127.0.0.1" }),
  API_METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9464 }),
  DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }),
  ...ViewsSchemaEnv,
  /** `/ready` fails when the indexer is further than this many blocks behind a chain's head. */
  READY_MAX_LAG_BLOCKS: Type.Integer({ minimum: 0, default: 10 }),
  JWT_SECRET: Type.String({ minLength: 32 }),
  JWT_ISSUER: Type.String({ default: "p2p-escrow-api" }),
  JWT_AUDIENCE: Type.String({ default: "p2p-escrow-web" }),
  JWT_TTL_SECONDS: Type.Integer({ minimum: 60, default: 86_400 }),
  /** The web app's host, as the EIP-4361 message states it (`domain`). */
  SIWE_DOMAIN: Type.String({ default: "localhost:3000" }),
  /** The web app's origin; a message's URI must be on it. */
  SIWE_URI: Type.String({ default: "http://localhost:3000" }),
  /** How far in the past a message's issued-at may lie. */
  SIWE_MAX_AGE_SECONDS: Type.Integer({ minimum: 30, default: 600 }),
  CORS_ORIGINS: Type.String({ ...Csv, default: "http://localhost:3000" }),
  RATE_LIMIT_IP_PER_MINUTE: Type.Integer({ minimum: 1, default: 600 }),
  RATE_LIMIT_WALLET_PER_MINUTE: Type.Integer({ minimum: 1, default: 300 }),
  /** POST /auth/nonce and POST /auth/logout, per IP, instead of the general limit: each nonce is a row. */
  RATE_LIMIT_AUTH_PER_MINUTE: Type.Integer({ minimum: 1, default: 60 }),
  /** JSON bodies; multipart evidence has its own limit. */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  MESSAGE_MAX_BYTES: Type.Integer({ minimum: 256, default: 16_384 }),
  DELIVERY_MAX_BYTES: Type.Integer({ minimum: 1024, default: 524_288 }),
  EVIDENCE_MAX_BYTES: Type.Integer({ minimum: 1024, default: 10_485_760 }),
  /** One listing image (PNG, JPEG or WebP); how many a listing may have is LISTING_IMAGES_MAX in the protocol. */
  LISTING_IMAGE_MAX_BYTES: Type.Integer({ minimum: 1024, default: 2_097_152 }),
  IPFS_BACKEND: Type.Union([Type.Literal("helia"), Type.Literal("kubo"), Type.Literal("pinata")], { default: "helia" }),
  /** Blockstore of the embedded Helia node. */
  IPFS_REPO_DIR: Type.String({ default: ".data/ipfs" }),
  KUBO_API_URL: Type.Optional(Type.String()),
  PINATA_JWT: Type.Optional(Type.String()),
  PINATA_API_URL: Type.String({ default: "https://uploads.pinata.cloud/v3" }),
  PINATA_GATEWAY_URL: Type.Optional(Type.String()),
  /**
   * The case-key relay's wallet (the keeper's account, api/src/keeper/relay.ts): parties of a
   * disputed order may seal its conversation and evidence keys to it, and only then. Unset, no
   * relay is allowed as a recipient. Required in production; the web app reads the same variable.
   */
  CASE_RELAY_ADDRESS: Type.Optional(Type.String({ pattern: "^0x[0-9a-fA-F]{40}$" })),
  ...WatcherEnv,
  ...RealtimeEnv,
  ...PaymasterEnv,
  ...RelayEnv,
});

export type Env = Static<typeof EnvSchema>;

export interface Config extends Env {
  corsOrigins: string[];
  /** chain id → JSON-RPC URL, from RPC_URL_<chainId>: used to measure the indexer's lag. */
  rpcUrls: Record<number, string>;
  /** chain id → where the native coin's price in US dollars comes from (native-price.ts): what gas is priced at. */
  nativePrices: Record<number, NativePriceSource>;
}

export class ConfigError extends Error {}

/** Where production asks more than development (config/production.ts). */
function productionProblems(parsed: Env, source: NodeJS.ProcessEnv): string[] {
  const problems = [...unsetProblems(source, PRODUCTION_REQUIRED), ...(parsed.JWT_SECRET ? jwtSecretProblems(parsed.JWT_SECRET) : [])];
  // Each API process would keep its own blocks: a file uploaded through one is missing from the others.
  if (parsed.IPFS_BACKEND === "helia") problems.push("  IPFS_BACKEND: kubo or pinata in production (the embedded node is per process)");
  if (Object.keys(rpcUrlsFrom(source)).length === 0) problems.push("  RPC_URL_<chainId>: at least one chain is required in production");
  const signer = parsed.PAYMASTER_QUOTE_SIGNER_KEY as `0x${string}` | undefined;
  if (signer && isDevAccountKey(signer)) problems.push("  PAYMASTER_QUOTE_SIGNER_KEY: is a key of the public dev mnemonic");
  const relayer = parsed.RELAYER_PRIVATE_KEY as `0x${string}` | undefined;
  if (relayer && isDevAccountKey(relayer)) problems.push("  RELAYER_PRIVATE_KEY: is a key of the public dev mnemonic");
  return problems;
}

/** Settings whose development default (localhost, the embedded IPFS node) is wrong for a deployment. */
const PRODUCTION_REQUIRED = ["SIWE_DOMAIN", "SIWE_URI", "CORS_ORIGINS", "IPFS_BACKEND", "CASE_RELAY_ADDRESS"] as const;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const { env: parsed, problems } = parseEnv(EnvSchema, source);
  const nativePrices = nativePriceSourcesFrom(source);
  problems.push(...nativePrices.problems);
  if (parsed.IPFS_BACKEND === "kubo" && !parsed.KUBO_API_URL) problems.push("  KUBO_API_URL: required when IPFS_BACKEND=kubo");
  if (parsed.IPFS_BACKEND === "pinata" && !parsed.PINATA_JWT) problems.push("  PINATA_JWT: required when IPFS_BACKEND=pinata");
  if (isProduction(source)) problems.push(...productionProblems(parsed, source));
  if (problems.length > 0) throw new ConfigError(`invalid environment:\n${problems.join("\n")}`);
  return {
    ...parsed,
    corsOrigins: parsed.CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    rpcUrls: rpcUrlsFrom(source),
    nativePrices: nativePrices.sources,
  };
}
