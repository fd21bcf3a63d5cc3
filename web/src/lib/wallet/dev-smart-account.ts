// What the local chain's stablecoin-only dev wallets do as a wallet would: EIP-5792 calls
// (`wallet_sendCalls`, `wallet_getCallsStatus`, `wallet_getCapabilities`) sent as one ERC-4337 user
// operation of the EOA delegated to the package's Simple7702Account (EIP-7702: the delegation
// rides along with the first operation), through the chain's bundler, with the gas paid in a
// stablecoin by the paymaster service the app names in the ERC-7677 `paymasterService` capability.
import { DETERMINISTIC_CONTRACTS, EIP7702_DELEGATION_PREFIX } from "@p2p-escrow/contracts/account-abstraction";
import { type Address, type Chain, createPublicClient, fromHex, type Hex, http, numberToHex } from "viem";
import { createBundlerClient, createPaymasterClient, toSimple7702SmartAccount } from "viem/account-abstraction";
import type { PrivateKeyAccount } from "viem/accounts";

/** EIP-5792's `wallet_sendCalls` request (version 2.0.0), as far as the dev wallet reads it. */
interface SendCallsRequest {
  chainId: Hex;
  from?: Address;
  calls: { to: Address; data?: Hex; value?: Hex }[];
  capabilities?: { paymasterService?: { url: string; context?: Record<string, unknown>; optional?: boolean } };
}

export class DevWalletRefusal extends Error {}

export function devSmartAccount(owner: PrivateKeyAccount, chain: Chain, rpcUrl: string, bundlerUrl: string) {
  const client = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 500 });
  const bundler = createBundlerClient({ client, transport: http(bundlerUrl), pollingInterval: 500 });
  const implementation = DETERMINISTIC_CONTRACTS.Simple7702Account.address;
  const account = () => toSimple7702SmartAccount({ client, owner, implementation });

  /** The EIP-7702 authorization, while the EOA is not yet delegated to Simple7702Account. */
  async function authorizationIfNeeded() {
    const code = await client.getCode({ address: owner.address });
    if (code?.toLowerCase() === `${EIP7702_DELEGATION_PREFIX}${implementation.slice(2).toLowerCase()}`) return undefined;
    const nonce = await client.getTransactionCount({ address: owner.address });
    return owner.signAuthorization({ contractAddress: implementation, chainId: chain.id, nonce });
  }

  return {
    capabilities() {
      return {
        [numberToHex(chain.id)]: { atomic: { status: "supported" }, paymasterService: { supported: true } },
      };
    },

    async sendCalls(request: SendCallsRequest): Promise<{ id: Hex }> {
      if (fromHex(request.chainId, "number") !== chain.id) throw new DevWalletRefusal(`The dev wallet only knows chain ${chain.id}`);
      const service = request.capabilities?.paymasterService;
      // It holds no native coin: without someone to take its gas in a stablecoin it cannot act.
      if (!service) throw new DevWalletRefusal("This dev wallet pays gas in stablecoins only: the app must name a paymaster service");
      const paymaster = createPaymasterClient({ transport: http(service.url, { retryCount: 0 }) });
      const hash = await bundler.sendUserOperation({
        account: await account(),
        calls: request.calls.map((call) => ({
          to: call.to,
          data: call.data ?? "0x",
          value: call.value ? fromHex(call.value, "bigint") : 0n,
        })),
        authorization: await authorizationIfNeeded(),
        paymaster,
        paymasterContext: service.context,
      });
      return { id: hash };
    },

    /** EIP-5792's status: 100 pending, 200 confirmed, 500 failed on chain (the operation reverted). */
    async callsStatus(id: Hex) {
      const found = await bundler.getUserOperationReceipt({ hash: id }).catch(() => null);
      const base = { version: "2.0.0", id, chainId: numberToHex(chain.id), atomic: true };
      if (!found) return { ...base, status: 100 };
      const { receipt, logs, success } = found;
      return {
        ...base,
        status: success ? 200 : 500,
        receipts: [
          {
            // The operation's own logs, not the whole bundle's.
            logs: logs.map((log) => ({ address: log.address, data: log.data, topics: log.topics })),
            status: success ? "0x1" : "0x0",
            blockHash: receipt.blockHash,
            blockNumber: numberToHex(receipt.blockNumber),
            gasUsed: numberToHex(receipt.gasUsed),
            transactionHash: receipt.transactionHash,
          },
        ],
      };
    },
  };
}
