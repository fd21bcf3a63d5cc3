import { PERMIT_TYPES } from "@p2p-escrow/protocol/permit";
import { type Account, type Address, type Chain, parseSignature, type Transport, type WalletClient } from "viem";

/**
 * Signs an EIP-2612 permit for `spender` to pull `value` of `token` from the wallet's account,
 * and returns the (v, r, s) that createOrderWithPermit takes.
 */
export async function signPermit(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
  permit: { token: Address; tokenName: string; chainId: number; spender: Address; value: bigint; nonce: bigint; deadline: bigint },
) {
  const signature = await wallet.signTypedData({
    domain: { name: permit.tokenName, version: "1", chainId: permit.chainId, verifyingContract: permit.token },
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: {
      owner: wallet.account.address,
      spender: permit.spender,
      value: permit.value,
      nonce: permit.nonce,
      deadline: permit.deadline,
    },
  });
  const { v, r, s } = parseSignature(signature);
  return { v: Number(v), r, s };
}
