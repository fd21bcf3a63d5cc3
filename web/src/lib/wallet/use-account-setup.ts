"use client";
// Sign-in (SIWE → session token) and encryption key setup for the connected wallet. Both prompt
// the wallet only when this tab has no valid session or no keys for the address yet.
import { publicKeysOf, signInMessage, type WalletKeys } from "@p2p-escrow/protocol";
import { useCallback } from "react";
import { useAccount, useSignMessage } from "wagmi";
import type { Profile, Session, SignInNonce } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";
import { bindingBody, deriveKeysFromWallet, isBound } from "@/lib/crypto/key-setup.ts";
import { keysOf, useKeysStore } from "@/stores/keys.ts";
import { sessionOf, useSessionStore } from "@/stores/session.ts";

export function useAccountSetup() {
  const { address, chainId } = useAccount();
  const api = useApi();
  const clientOf = useChainClients();
  const { signMessageAsync } = useSignMessage();
  const sessions = useSessionStore((s) => s.sessions);
  const saveSession = useSessionStore((s) => s.save);
  const storedKeys = useKeysStore((s) => s.stored);
  const saveKeys = useKeysStore((s) => s.save);

  const session = sessionOf(sessions, address);
  const keys = keysOf(storedKeys, address);

  const ensureSession = useCallback(async (): Promise<Session> => {
    if (!address) throw new Error("Connect a wallet first");
    const current = sessionOf(useSessionStore.getState().sessions, address);
    if (current) return current;
    const { nonce } = await api.request<SignInNonce>("/auth/nonce", { method: "POST" });
    const message = signInMessage({ address, chainId: chainId ?? 31337, domain: window.location.host, uri: window.location.origin, nonce });
    const signature = await signMessageAsync({ message });
    const created = await api.request<Session>("/auth/verify", { method: "POST", body: { message, signature } });
    saveSession(created);
    return created;
  }, [address, chainId, api, signMessageAsync, saveSession]);

  const ensureKeys = useCallback(async (): Promise<WalletKeys> => {
    if (!address) throw new Error("Connect a wallet first");
    const { token, chainId: sessionChainId } = await ensureSession();
    let walletKeys = keysOf(useKeysStore.getState().stored, address);
    if (!walletKeys) walletKeys = await deriveKeysFromWallet(address, (message) => signMessageAsync({ message }));
    const profile = await api.request<Profile>("/profiles/me", { token });
    // The API checks a contract account's binding on the session's chain: so does this.
    if (!(await isBound(address, walletKeys, profile.keys, clientOf(sessionChainId)))) {
      const body = await bindingBody(address, walletKeys, (message) => signMessageAsync({ message }));
      await api.request("/profiles/me/keys", { method: "PUT", body, token });
    }
    saveKeys(address, walletKeys);
    return walletKeys;
  }, [address, api, clientOf, ensureSession, signMessageAsync, saveKeys]);

  return { address, session, token: session?.token ?? null, keys, publicKeys: keys ? publicKeysOf(keys) : null, ensureSession, ensureKeys };
}
