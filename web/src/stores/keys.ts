// The wallet-derived encryption and signing keys, per address. The secret keys live in memory and
// in this device's localStorage, so the wallet signs the key message once per device rather than
// once per tab; they are never sent anywhere. Signing out or switching to another address clears
// them (lib/wallet/account-lifecycle.ts). The trade-off is written down in docs/architecture.md
// ("Keys in the browser").
import { fromBase64, toBase64, type WalletKeys } from "@p2p-escrow/protocol";
import nacl from "tweetnacl";
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { followOtherTabs } from "./follow-other-tabs.ts";

interface StoredKeys {
  encryptionSecret: string; // base64
  signingSeed: string; // base64
}

interface KeysState {
  stored: Record<string, StoredKeys>;
  save: (address: string, keys: WalletKeys) => void;
  forget: (address: string) => void;
}

const STORAGE_NAME = "p2p-escrow.keys";

/** Key pairs derived on this device, keyed by lowercase address. */
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
      forget: (address) =>
        set((s) => {
          const { [address.toLowerCase()]: _gone, ...rest } = s.stored;
          return { stored: rest };
        }),
    }),
    { name: STORAGE_NAME, storage: createJSONStorage(() => localStorage) },
  ),
);
followOtherTabs(useKeysStore, STORAGE_NAME);

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
