// A browser wallet as a page sees one: an EIP-1193 provider at window.ethereum, announced through
// EIP-6963, that starts on a chain of its own choosing and asks the local node to sign (its
// accounts are unlocked). No extension can be installed here; this provider stands where one would,
// so RainbowKit's injected path and the app's network handling run as they would for a real user.
import type { BrowserContext, Page } from "playwright-core";

export interface InjectedWalletOptions {
  rpcUrl: string;
  address: string;
  /** The chain the wallet is on when the page opens (connecting asks it to switch to the app's). */
  chainId: number;
  /** The chains it can switch to; any other is refused with EIP-1193's 4902. */
  knownChainIds: number[];
}

/** The user switches the wallet to another network from the wallet itself, not from the page. */
export async function userSwitchesWalletTo(page: Page, chainId: number) {
  await page.evaluate((id) => (window as unknown as Record<string, (id: number) => void>).__testWalletUserSwitch!(id), chainId);
}

export async function installInjectedWallet(context: BrowserContext, options: InjectedWalletOptions) {
  await context.addInitScript((o: InjectedWalletOptions) => {
    const [AUTHORIZED, USER_SWITCH] = ["test-wallet.authorized", "__testWalletUserSwitch"];
    let chainId = `0x${o.chainId.toString(16)}`;
    const listeners = new Map<string, Set<(arg: unknown) => void>>();
    const emit = (event: string, arg: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(arg);
    };
    const fail = (code: number, message: string) => Object.assign(new Error(message), { code });
    const node = async (method: string, params: unknown[]) => {
      const response = await fetch(o.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
      if (body.error) throw Object.assign(fail(body.error.code, body.error.message), { data: body.error.data });
      return body.result;
    };
    const provider = {
      request: async ({ method, params = [] }: { method: string; params?: unknown[] }) => {
        switch (method) {
          case "eth_chainId":
            return chainId;
          case "eth_accounts":
            // Like a real wallet: no account is exposed until this site asked for one, and then in
            // every tab of the site (a wallet keeps a site's permission, not a tab's).
            return localStorage.getItem(AUTHORIZED) ? [o.address] : [];
          case "eth_requestAccounts":
            localStorage.setItem(AUTHORIZED, "1");
            return [o.address];
          case "wallet_requestPermissions":
          case "wallet_getPermissions":
            return [{ parentCapability: "eth_accounts" }];
          case "wallet_switchEthereumChain": {
            const target = (params[0] as { chainId: string }).chainId;
            if (!o.knownChainIds.includes(Number(target))) throw fail(4902, `Unrecognized chain ID ${target}`);
            chainId = target;
            emit("chainChanged", chainId);
            return null;
          }
          case "eth_sendTransaction":
          case "eth_signTypedData_v4":
            // A wallet signs for the chain it is on: the node can only stand in for the local one.
            if (Number(chainId) !== o.knownChainIds[0]) throw fail(4901, `The wallet is on chain ${Number(chainId)}`);
            return node(method, params);
          default:
            return node(method, params);
        }
      },
      on: (event: string, listener: (arg: unknown) => void) => {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(listener);
      },
      removeListener: (event: string, listener: (arg: unknown) => void) => listeners.get(event)?.delete(listener),
    };
    (window as unknown as { ethereum: unknown }).ethereum = provider;
    // What the user does in the wallet's own window: pick another network.
    (window as unknown as Record<string, unknown>)[USER_SWITCH] = (id: number) => {
      chainId = `0x${id.toString(16)}`;
      emit("chainChanged", chainId);
    };
    const info = {
      uuid: "7f3c2a51-0000-4000-8000-00000000e2e0",
      name: "Test Browser Wallet",
      icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
      rdns: "test.p2p-escrow.wallet",
    };
    const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
    window.addEventListener("eip6963:requestProvider", announce);
    announce();
  }, options);
}
