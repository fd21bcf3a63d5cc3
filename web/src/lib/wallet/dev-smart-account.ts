// What the local chain's stablecoin-only dev wallets do as a wallet would: EIP-5792 calls
// (`wallet_sendCalls`, `wallet_getCallsStatus`, `wallet_getCapabilities`) sent as one ERC-4337 user
// operation of the EOA delegated to the package's Simple7702Account (EIP-7702: the delegation
// rides along with the first operation), through the chain's bundler, with the gas paid in a
// stablecoin by the paymaster service the app names in the ERC-7677 `paymasterService` capability.
// Like a wallet extension, it asks before it signs (stores/dev-wallet-prompt.ts).
import { DETERMINISTIC_CONTRACTS, EIP7702_DELEGATION_PREFIX } from "@p2p-escrow/contracts/account-abstraction";
import { decodePaymasterData } from "@p2p-escrow/contracts/paymaster-quote";
import { type Address, type Chain, createPublicClient, fromHex, type Hex, http, numberToHex, UserRejectedRequestError } from "viem";
import { createBundlerClient, createPaymasterClient, toSimple7702SmartAccount } from "viem/account-abstraction";
import type { PrivateKeyAccount } from "viem/accounts";
import { askDevWallet } from "@/stores/dev-wallet-prompt.ts";

/** EIP-5792's `wallet_sendCalls` request (version 2.0.0), as far as the dev wallet reads it. */
interface SendCallsRequest {
  chainId: Hex;
  from?: Address;
  calls: { to: Address; data?: Hex; value?: Hex }[];
  capabilities?: { paymasterService?: { url: string; context?: Record<string, unknown>; optional?: boolean } };
}

export class DevWalletRefusal extends Error {}

/** `role` names the wallet in its prompt, as the wallet list does. */
export function devSmartAccount(owner: PrivateKeyAccount, role: string, chain: Chain, rpcUrl: string, bundlerUrl: string) {
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

    /**
     * Prepares the operation (gas limits and the paymaster's signed quote), shows the person its
     * calls and the most its gas may cost in the stablecoin, and signs and sends it only if they
     * agree: the cap they saw is the one inside what they sign.
     */
    async sendCalls(request: SendCallsRequest): Promise<{ id: Hex }> {
      if (fromHex(request.chainId, "number") !== chain.id) throw new DevWalletRefusal(`The dev wallet only knows chain ${chain.id}`);
      const service = request.capabilities?.paymasterService;
      // It holds no native coin: without someone to take its gas in a stablecoin it cannot act.
      if (!service) throw new DevWalletRefusal("This dev wallet pays gas in stablecoins only: the app must name a paymaster service");
      const paymaster = createPaymasterClient({ transport: http(service.url, { retryCount: 0 }) });
      const smartAccount = await account();
      const prepared = await bundler.prepareUserOperation({
        account: smartAccount,
        calls: request.calls.map((call) => ({
          to: call.to,
          data: call.data ?? "0x",
          value: call.value ? fromHex(call.value, "bigint") : 0n,
        })),
        authorization: await authorizationIfNeeded(),
        paymaster,
        paymasterContext: service.context,
      });
      if (!prepared.paymasterData) throw new DevWalletRefusal("The paymaster service gave no quote for the operation");
      const { quote } = decodePaymasterData(prepared.paymasterData);
      const signs = await askDevWallet({
        wallet: role,
        calls: request.calls.length,
        chainId: chain.id,
        token: quote.token,
        maxTokenCost: quote.maxTokenCost,
      });
      if (!signs) throw new UserRejectedRequestError(new Error("The operation was turned down in the dev wallet"));
      const { account: _account, ...operation } = prepared;
      const signature = await smartAccount.signUserOperation(operation);
      const hash = await bundler.sendUserOperation({ ...operation, signature, entryPointAddress: smartAccount.entryPoint.address });
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
