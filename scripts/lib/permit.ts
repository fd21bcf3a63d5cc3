import { type Eip712DomainResult, permitDomainOf, permitSignatureParts, permitTypedData } from "@p2p-escrow/protocol/permit";
import type { Account, Address, Chain, Transport, WalletClient } from "viem";

/** A permit token as a viem contract instance: what signPermit reads the domain from. */
export interface PermitToken {
  address: Address;
  read: { eip712Domain: () => Promise<Eip712DomainResult> };
}

/**
 * Signs an EIP-2612 permit for `spender` to pull `value` of `token` from the wallet's account,
 * under the domain the token reports (EIP-5267), and returns the (v, r, s) that
 * createOrderWithPermit takes.
 */
export async function signPermit(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
  permit: { token: PermitToken; spender: Address; value: bigint; nonce: bigint; deadline: bigint },
) {
  const { token, spender, value, nonce, deadline } = permit;
  const domain = permitDomainOf(await token.read.eip712Domain());
  const signature = await wallet.signTypedData(permitTypedData(domain, { owner: wallet.account.address, spender, value, nonce, deadline }));
  return permitSignatureParts(signature);
}
