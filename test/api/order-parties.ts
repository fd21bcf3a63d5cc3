// Order participants as real clients for the delivery, chat and evidence tests: signed in, with
// keys derived from a wallet signature and bound by the wallet's signature of the binding
// statement. The binding is written straight into `profiles`, as the profile route would store it.
import {
  deriveWalletKeys,
  keyBindingMessage,
  keyDerivationMessage,
  type PublicKeys,
  publicKeysOf,
  type WalletKeys,
} from "@p2p-escrow/protocol/keys";
import type { Kysely } from "kysely";
import type { LocalAccount } from "viem/accounts";
import type { Database } from "../../api/src/db/database.ts";
import { bearer, signIn } from "./helper.ts";
import type { IndexedStack } from "./indexed-stack.ts";

export type Actor = IndexedStack["chain"]["alice"];

export interface Party {
  actor: Actor;
  /** Lowercase, as the API stores it. */
  address: string;
  token: string;
  headers: { authorization: string };
  keys: WalletKeys;
  publicKeys: PublicKeys;
}

/** Derives `account`'s keys and stores the signed binding in `profiles`. */
export async function bindKeys(db: Kysely<Database>, account: LocalAccount): Promise<WalletKeys> {
  const keys = deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));
  const publicKeys = publicKeysOf(keys);
  const keySignature = await account.signMessage({ message: keyBindingMessage(account.address, publicKeys) });
  const row = {
    encryption_public_key: publicKeys.encryptionPublicKey,
    signing_public_key: publicKeys.signingPublicKey,
    key_signature: keySignature,
    keys_updated_at: new Date(),
  };
  await db
    .insertInto("profiles")
    .values({ address: account.address.toLowerCase(), ...row })
    .onConflict((oc) => oc.column("address").doUpdateSet(row))
    .execute();
  return keys;
}

/** `actor` signed in, with its keys bound (unless `bind` is false: keys derived but not stored). */
export async function partyOf(stack: IndexedStack, actor: Actor, { bind = true } = {}): Promise<Party> {
  const account = actor.account as unknown as LocalAccount;
  const keys = bind
    ? await bindKeys(stack.db, account)
    : deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));
  const token = await signIn(stack.app, account as unknown as Parameters<typeof signIn>[1]);
  return { actor, address: actor.address.toLowerCase(), token, headers: bearer(token), keys, publicKeys: publicKeysOf(keys) };
}
