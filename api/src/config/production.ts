// What a process started with NODE_ENV=production refuses that development accepts: settings left to
// their localhost defaults, secrets anyone can read (the example file's placeholder, a low-entropy
// string), the public dev mnemonic's keys, and an embedded IPFS node that other API processes
// cannot see. The API (config/env.ts) and the keeper (keeper/env.ts) both ask here, so the rules
// cannot drift apart. The operator's guide lists them: docs/operating.md#configuration.
import { DEV_MNEMONIC } from "@p2p-escrow/contracts/dev-accounts";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";

export const isProduction = (env: Readonly<Record<string, string | undefined>>) => env.NODE_ENV === "production";

/**
 * JWT secrets published with the code: the placeholder of deploy/env.example. A deployment that
 * copied the example without replacing it would sign sessions anyone can forge.
 */
export const PUBLIC_JWT_SECRETS = ["replace-me-with-openssl-rand-hex-32-replace-me"];

/** Fewer distinct characters than this is a typed-in phrase or a repeated character, not a random secret. */
const MIN_DISTINCT_SECRET_CHARS = 12;

/** How many accounts of the dev mnemonic are refused: Hardhat funds the first 20, `pnpm dev` gives the first ones roles (DEV_ROLES). */
const DEV_ACCOUNTS_REFUSED = 20;

let devAddresses: Set<string> | undefined;

/** Whether `privateKey` belongs to one of the public dev mnemonic's accounts (contracts/dev-accounts.ts). */
export function isDevAccountKey(privateKey: `0x${string}`): boolean {
  devAddresses ??= new Set(
    Array.from({ length: DEV_ACCOUNTS_REFUSED }, (_, addressIndex) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex }).address),
  );
  return devAddresses.has(privateKeyToAccount(privateKey).address);
}

/** Problems with a JWT secret in production, one line each (empty when it is fit). */
export function jwtSecretProblems(secret: string): string[] {
  if (PUBLIC_JWT_SECRETS.includes(secret)) return ["  JWT_SECRET: is the published example; generate one (openssl rand -hex 32)"];
  if (new Set(secret).size < MIN_DISTINCT_SECRET_CHARS)
    return [`  JWT_SECRET: fewer than ${MIN_DISTINCT_SECRET_CHARS} distinct characters; generate one (openssl rand -hex 32)`];
  return [];
}

/** Variables that have a development default but must be set explicitly in production. */
export function unsetProblems(source: Readonly<Record<string, string | undefined>>, names: readonly string[]): string[] {
  return names.filter((name) => !source[name]).map((name) => `  ${name}: required in production (the default is for development)`);
}
