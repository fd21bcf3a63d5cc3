// A wagmi connector for the local chain that signs with one of Hardhat's dev accounts (a viem local
// account from the public test mnemonic), so a newcomer or a browser test can use the app without
// a wallet extension. Transactions are signed here and sent raw to the chain's RPC.
import { DEV_MNEMONIC } from "@p2p-escrow/contracts/dev-accounts";
import {
  type Address,
  type Chain,
  createWalletClient,
  type EIP1193RequestFn,
  fromHex,
  getAddress,
  type HDAccount,
  type Hex,
  http,
  MethodNotSupportedRpcError,
  numberToHex,
  SwitchChainError,
  toHex,
} from "viem";
import { createConnector } from "wagmi";
import { devSmartAccount } from "./dev-smart-account.ts";

export interface DevConnectorOptions {
  index: number;
  role: string;
  rpcUrl: string;
  /** The local chain; the dev accounts are funded there only. */
  chain: Chain;
  /**
   * The chain's bundler, for a wallet that holds stablecoins only: it acts as an EIP-7702 smart
   * account and sends EIP-5792 calls as user operations (dev-smart-account.ts).
   */
  bundlerUrl?: string;
}

export function devAccountConnector({ index, role, rpcUrl, chain, bundlerUrl }: DevConnectorOptions) {
  let account: HDAccount | undefined;
  let connected = false;
  let smart: ReturnType<typeof devSmartAccount> | undefined;
  const loadAccount = async () => {
    if (!account) {
      const { mnemonicToAccount, privateKeyToAccount } = await import("viem/accounts");
      account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
      // The same key as a private-key account: what signs EIP-7702 authorizations.
      if (bundlerUrl) smart = devSmartAccount(privateKeyToAccount(toHex(account.getHdKey().privateKey!)), role, chain, rpcUrl, bundlerUrl);
    }
    return account;
  };
  // Kept per site, not per tab, as a browser wallet keeps a site's permission: a tab opened later
  // (from a notification, a shared link) finds the wallet still connected.
  const storageKey = `dev-wallet-${index}.connected`;

  return createConnector((config) => {
    const transport = http(rpcUrl)({ chain, retryCount: 0 });

    const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
      const acct = await loadAccount();
      const args = (params ?? []) as unknown[];
      switch (method) {
        case "eth_accounts":
        case "eth_requestAccounts":
          return [acct.address];
        case "eth_chainId":
          return numberToHex(chain.id);
        case "personal_sign":
          return acct.signMessage({ message: { raw: args[0] as Hex } });
        case "eth_signTypedData_v4": {
          const typed = JSON.parse(args[1] as string);
          const { EIP712Domain: _domain, ...types } = typed.types;
          return acct.signTypedData({ ...typed, types });
        }
        case "eth_sendTransaction": {
          if (bundlerUrl) throw new Error("This dev wallet holds no native coin: it sends calls with gas paid in stablecoins only");
          const tx = args[0] as { to?: Address; data?: Hex; value?: Hex; gas?: Hex };
          const wallet = createWalletClient({ account: acct, chain, transport: http(rpcUrl) });
          return wallet.sendTransaction({
            to: tx.to,
            data: tx.data,
            value: tx.value ? fromHex(tx.value, "bigint") : undefined,
            gas: tx.gas ? fromHex(tx.gas, "bigint") : undefined,
          });
        }
        // EIP-5792, for the stablecoin-only wallets; the others send plain transactions and say so.
        case "wallet_getCapabilities":
          return smart ? smart.capabilities() : {};
        case "wallet_sendCalls":
          if (!smart) throw new MethodNotSupportedRpcError(new Error("This dev wallet sends plain transactions"));
          return smart.sendCalls(args[0] as never);
        case "wallet_getCallsStatus":
          if (!smart) throw new MethodNotSupportedRpcError(new Error("This dev wallet sends plain transactions"));
          return smart.callsStatus(args[0] as Hex);
        case "wallet_switchEthereumChain": {
          const target = fromHex((args[0] as { chainId: Hex }).chainId, "number");
          if (target !== chain.id) throw new SwitchChainError(new Error(`The dev wallet only knows chain ${chain.id}`));
          return null;
        }
        default:
          return transport.request({ method, params } as never);
      }
    };
    const provider = { request: request as EIP1193RequestFn, on: () => undefined, removeListener: () => undefined };

    return {
      id: `devAccount${index}`,
      name: `Dev: ${role}`,
      type: "devAccount",
      async connect({ withCapabilities } = {}) {
        const acct = await loadAccount();
        connected = true;
        localStorage.setItem(storageKey, "1");
        const accounts = withCapabilities ? [{ address: acct.address, capabilities: {} }] : [acct.address];
        return { accounts, chainId: chain.id } as never;
      },
      async disconnect() {
        connected = false;
        localStorage.removeItem(storageKey);
      },
      async getAccounts() {
        return [getAddress((await loadAccount()).address)];
      },
      async getChainId() {
        return chain.id;
      },
      async getProvider() {
        return provider;
      },
      async isAuthorized() {
        return connected || localStorage.getItem(storageKey) === "1";
      },
      async switchChain({ chainId }) {
        if (chainId !== chain.id) throw new SwitchChainError(new Error(`The dev wallet only knows chain ${chain.id}`));
        return chain;
      },
      onAccountsChanged() {},
      onChainChanged() {},
      onDisconnect() {
        config.emitter.emit("disconnect");
        connected = false;
      },
    };
  });
}
