import {
  type OrderAuthorizationRequest,
  orderAuthorizationTypedData,
  paymentAuthorization,
} from "@p2p-escrow/protocol/payment-authorization";
import {
  type Eip712DomainResult,
  type PermitDomain,
  permitSignatureParts,
  permitTypedData,
  tokenDomain,
} from "@p2p-escrow/protocol/permit";
import type { Abi, Account, Address, Chain, Hex, Transport, WalletClient } from "viem";

/**
 * A permit token as a viem contract instance: what signPermit reads the domain from. Either
 * EIP-5267's eip712Domain(), or (USDC's FiatToken v2.2) name(), version() and DOMAIN_SEPARATOR().
 */
export interface PermitToken {
  address: Address;
  abi: Abi;
  read: {
    eip712Domain?: () => Promise<Eip712DomainResult>;
    name?: () => Promise<string>;
    version?: () => Promise<string>;
    DOMAIN_SEPARATOR?: () => Promise<Hex>;
  };
}

/**
 * The domain `token` signs permits under: its eip712Domain() if it has one, else its name() and
 * version() on `chainId`, refused unless that matches its DOMAIN_SEPARATOR() (protocol's tokenDomain).
 */
export function permitDomainOfToken(token: PermitToken, chainId: number): Promise<PermitDomain> {
  // A viem contract answers every property of `read`, so the ABI says which functions exist.
  const has = (name: string) => token.abi.some((item) => item.type === "function" && item.name === name);
  const missing = (name: string) => () => Promise.reject(new Error(`token ${token.address} has no ${name}()`));
  const { eip712Domain, name, version, DOMAIN_SEPARATOR } = token.read;
  return tokenDomain(
    {
      eip712Domain: has("eip712Domain") && eip712Domain ? eip712Domain : missing("eip712Domain"),
      name: has("name") && name ? name : missing("name"),
      version: has("version") && version ? version : missing("version"),
      domainSeparator: has("DOMAIN_SEPARATOR") && DOMAIN_SEPARATOR ? DOMAIN_SEPARATOR : missing("DOMAIN_SEPARATOR"),
    },
    chainId,
    token.address,
  );
}

/**
 * Signs an EIP-2612 permit for `spender` to pull `value` of `token` from the wallet's account,
 * under the domain the token reports (permitDomainOfToken), and returns the (v, r, s) that
 * createOrderWithPermit takes.
 */
export async function signPermit(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
  permit: { token: PermitToken; spender: Address; value: bigint; nonce: bigint; deadline: bigint },
) {
  const { token, spender, value, nonce, deadline } = permit;
  const domain = await permitDomainOfToken(token, await wallet.getChainId());
  const signature = await wallet.signTypedData(permitTypedData(domain, { owner: wallet.account.address, spender, value, nonce, deadline }));
  return permitSignatureParts(signature);
}

/**
 * Signs an EIP-3009 authorization that pays an order (createOrderWithAuthorization) from the
 * wallet's account, under the domain the token reports, and returns the call's `auth` argument.
 */
export async function signOrderAuthorization(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
  token: PermitToken,
  request: Omit<OrderAuthorizationRequest, "buyer">,
) {
  const domain = await permitDomainOfToken(token, await wallet.getChainId());
  const full = { ...request, buyer: wallet.account.address };
  return paymentAuthorization(full, await wallet.signTypedData(orderAuthorizationTypedData(domain, full)));
}
