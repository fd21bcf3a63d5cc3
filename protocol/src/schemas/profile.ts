// A wallet's public profile: its name, its bound keys (with the wallet's signature, so a client can
// check the binding itself), its rating from reviews and its on-chain record from the indexer.
import { Type } from "@sinclair/typebox";
import { Address, ChainId, DateTime, PublicKey32, UintString } from "./common.ts";

/** Room for a multi-owner Safe's signature or a passkey account's, wrapped in an ERC-6492 factory call. */
export const WALLET_SIGNATURE_MAX_BYTES = 4096;

/**
 * A wallet's signature, hex: an EOA's 65-byte ECDSA signature, a contract account's (ERC-1271, in
 * whatever form its scheme needs) or an ERC-6492 one (the account's factory call wrapped around it).
 */
export const WalletSignature = Type.String({
  pattern: "^0x([0-9a-fA-F]{2})+$",
  maxLength: 2 + 2 * WALLET_SIGNATURE_MAX_BYTES,
  description: "an EOA's 65-byte ECDSA signature, or a contract account's (ERC-1271) or an ERC-6492 one, hex",
});

export const AddressParams = Type.Object({ address: Address });

export const DisplayNameBody = Type.Object(
  {
    // Checked again after trimming (1–64 characters, no control characters); this only caps the input.
    displayName: Type.String({ maxLength: 256, description: "1–64 characters once trimmed; no control characters" }),
  },
  { additionalProperties: false },
);

export const KeysBody = Type.Object(
  {
    encryptionPublicKey: PublicKey32,
    signingPublicKey: PublicKey32,
    signature: Type.String({
      ...WalletSignature,
      description:
        "the wallet's EIP-191 signature of keyBindingMessage(address, { encryptionPublicKey, signingPublicKey }); a contract account's is checked on the session's chain",
    }),
  },
  { additionalProperties: false },
);

export const BoundKeys = Type.Object({
  encryptionPublicKey: PublicKey32,
  signingPublicKey: PublicKey32,
  signature: Type.String({ description: "the wallet's EIP-191 signature of keyBindingMessage(address, keys): verify it before use" }),
  updatedAt: DateTime,
});

export const Rating = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  average: Type.Union([Type.Number(), Type.Null()], { description: "mean star rating, two decimals; null without reviews" }),
  histogram: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() }),
});

export const Volume = Type.Object({ chainId: ChainId, token: Address, amount: UintString });

export const TradeStats = Type.Object({
  tradesAsBuyer: Type.Integer(),
  tradesAsSeller: Type.Integer(),
  completed: Type.Integer(),
  disputesOpened: Type.Integer(),
  disputesWon: Type.Integer(),
  disputesLost: Type.Integer(),
  volume: Type.Array(Volume, { description: "token units traded as buyer or seller, per chain and token" }),
});

export const Profile = Type.Object({
  address: Address,
  displayName: Type.Union([Type.String(), Type.Null()]),
  keys: Type.Union([BoundKeys, Type.Null()], { description: "null until the wallet binds its keys" }),
  rating: Rating,
  stats: Type.Union([TradeStats, Type.Null()], {
    description:
      "summed over every indexed chain; zeros for a wallet that never traded; null while the indexer has not published its views",
  }),
});
