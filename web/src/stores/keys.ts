// The wallet-derived encryption and signing keys, per address. The secret keys live in memory and
// in this tab's sessionStorage only; they are never sent anywhere.
import { fromBase64, toBase64, type WalletKeys } from "@p2p-escrow/protocol";
import nacl from "tweetnacl";
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";

interface StoredKeys {
  encryptionSecret: string; // base64
  signingSeed: string; // base64
}

interface KeysState {
  stored: Record<string, StoredKeys>;
  save: (address: string, keys: WalletKeys) => void;
}

/** Key pairs derived this session, keyed by lowercase address. */
export const useKeysStore = create<KeysState>()(
  persist(
    (set) => ({
      stored: {},
      save: (address, keys) =>
        set((s) => ({
          stored: {
            ...s.stored,
            [address.toLowerCase()]: {
              encryptionSecret: toBase64(keys.encryption.secretKey),
              signingSeed: toBase64(keys.signing.secretKey.slice(0, 32)),
            },
          },
        })),
    }),
    { name: "p2p-escrow.keys", storage: createJSONStorage(() => sessionStorage) },
  ),
);

const cache = new Map<string, WalletKeys>();

export function keysOf(stored: Record<string, StoredKeys>, address: string | undefined): WalletKeys | null {
  if (!address) return null;
  const entry = stored[address.toLowerCase()];
  if (!entry) return null;
  const id = entry.encryptionSecret + entry.signingSeed;
  let keys = cache.get(id);
  if (!keys) {
    keys = {
      encryption: nacl.box.keyPair.fromSecretKey(fromBase64(entry.encryptionSecret)),
      signing: nacl.sign.keyPair.fromSeed(fromBase64(entry.signingSeed)),
    };
    cache.set(id, keys);
  }
  return keys;
}
