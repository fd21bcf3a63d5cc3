"use client";
// Signing in: one step that opens the API session (SIWE → session token) and sets up the wallet's
// encryption keys. Both are kept per wallet on this device (stores/), so the wallet is asked once
// per wallet and device; afterwards only an expired session asks again, and only for the one
// sign-in signature (the keys stay).
import { publicKeysOf, signInMessage, type WalletKeys } from "@p2p-escrow/protocol";
import { useCallback, useEffect, useState } from "react";
import { useAccount, useSignMessage } from "wagmi";
import type { Profile, Session, SignInNonce } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";
import { bindingBody, deriveKeysFromWallet, isBound } from "@/lib/crypto/key-setup.ts";
import { keysOf, useKeysStore } from "@/stores/keys.ts";
import { SESSION_MARGIN_MS, sessionOf, useSessionStore } from "@/stores/session.ts";

/** Re-renders when the stored session of `address` stops counting as live, so the page notices an expiry by itself. */
function useSessionExpiry(expiresAt: string | undefined) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!expiresAt) return;
    const left = new Date(expiresAt).getTime() - SESSION_MARGIN_MS - Date.now();
    if (left <= 0) return;
    // setTimeout holds at most 2^31-1 ms; a longer session re-arms on a later render.
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(left + 1, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [expiresAt]);
}

export function useAccountSetup() {
  const { address, chainId } = useAccount();
  const api = useApi();
  const clientOf = useChainClients();
  const { signMessageAsync } = useSignMessage();
  const sessions = useSessionStore((s) => s.sessions);
  const saveSession = useSessionStore((s) => s.save);
  const storedKeys = useKeysStore((s) => s.stored);
  const saveKeys = useKeysStore((s) => s.save);

  useSessionExpiry(address ? sessions[address.toLowerCase()]?.expiresAt : undefined);
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

  /** The whole sign-in: the session, then the keys (derived and bound to the profile unless this device has them). */
  const ensureKeys = useCallback(async (): Promise<WalletKeys> => {
    if (!address) throw new Error("Connect a wallet first");
    const { token, chainId: sessionChainId } = await ensureSession();
    // Keys this device holds are checked against the profile still: the API's may have been reset.
    const walletKeys =
      keysOf(useKeysStore.getState().stored, address) ?? (await deriveKeysFromWallet(address, (message) => signMessageAsync({ message })));
    const profile = await api.request<Profile>("/profiles/me", { token });
    // The API checks a contract account's binding on the session's chain: so does this.
    if (!(await isBound(address, walletKeys, profile.keys, clientOf(sessionChainId)))) {
      const body = await bindingBody(address, walletKeys, (message) => signMessageAsync({ message }));
      await api.request("/profiles/me/keys", { method: "PUT", body, token });
    }
    saveKeys(address, walletKeys);
    return walletKeys;
  }, [address, api, clientOf, ensureSession, signMessageAsync, saveKeys]);

  return {
    address,
    session,
    token: session?.token ?? null,
    keys,
    publicKeys: keys ? publicKeysOf(keys) : null,
    /** Signed in with keys: what every wallet page waits for. */
    signedIn: session !== null && keys !== null,
    ensureSession,
    ensureKeys,
    /** One sign-in: session and keys. */
    signIn: ensureKeys,
  };
}
