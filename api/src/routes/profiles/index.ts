// Profiles. Reading one is public and never 404s: a wallet nobody has seen yet is a profile with
// no name, no keys, no reviews and a zero trading record. Keys are accepted only with the
// wallet's signature binding them, and served with it, so clients need not trust the server.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { keyBindingHash } from "@p2p-escrow/protocol/keys";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { AddressParams, DisplayNameBody, KeysBody, Profile } from "@p2p-escrow/protocol/schemas/profile";
import type { FastifyInstance } from "fastify";
import { getAddress, type Hex } from "viem";
import { badRequest } from "../../lib/api-error.ts";
import type {} from "../../plugins/app/profiles-repository.ts";
import type {} from "../../plugins/app/reviews-repository.ts";
import { walletSignatureError } from "../../plugins/app/wallet-signatures.ts";
import profileReviews from "./reviews.ts";

const DISPLAY_NAME_MAX = 64;
// C0/C1 controls, line separators and bidirectional overrides (which can disguise a name).
const FORBIDDEN_IN_NAME = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

function cleanDisplayName(raw: string): string {
  const name = raw.normalize("NFC").trim();
  const length = [...name].length;
  if (length < 1 || length > DISPLAY_NAME_MAX) {
    throw badRequest("DISPLAY_NAME_INVALID", `The display name must be 1 to ${DISPLAY_NAME_MAX} characters once trimmed`, { length });
  }
  if (FORBIDDEN_IN_NAME.test(name)) throw badRequest("DISPLAY_NAME_INVALID", "The display name may not contain control characters");
  return name;
}

async function profileOf(app: FastifyInstance, address: string) {
  const [stored, rating, stats] = await Promise.all([
    app.profilesRepository.get(address),
    app.reviewsRepository.ratingOf(address),
    app.profilesRepository.tradeStats(address),
  ]);
  return { address: getAddress(address), displayName: stored?.displayName ?? null, keys: stored?.keys ?? null, rating, stats };
}

const profiles: FastifyPluginAsyncTypebox = async (app) => {
  // Autoload loads only the index of a folder that has one, so the sibling is registered here.
  await app.register(profileReviews);

  app.get(
    "/me",
    {
      schema: {
        tags: ["profiles"],
        summary: "The signed-in wallet's profile",
        response: { 200: Ok(Profile), ...errorResponses(401, 429) },
      },
    },
    async (request) => ok(await profileOf(app, request.user.address)),
  );

  app.get(
    "/:address",
    {
      config: { auth: "public" },
      schema: {
        tags: ["profiles"],
        security: [],
        summary: "A wallet's public profile",
        description: "Always 200: a wallet without a profile has a null name and keys, no reviews and a zero trading record.",
        params: AddressParams,
        response: { 200: Ok(Profile), ...errorResponses(400, 429) },
      },
    },
    async (request) => ok(await profileOf(app, request.params.address)),
  );

  app.put(
    "/me",
    {
      schema: {
        tags: ["profiles"],
        summary: "Sets the signed-in wallet's display name",
        body: DisplayNameBody,
        response: { 200: Ok(Profile), ...errorResponses(400, 401, 413, 429) },
      },
    },
    async (request) => {
      await app.profilesRepository.setDisplayName(request.user.address, cleanDisplayName(request.body.displayName));
      return ok(await profileOf(app, request.user.address));
    },
  );

  app.put(
    "/me/keys",
    {
      schema: {
        tags: ["profiles"],
        summary: "Binds the signed-in wallet's encryption and signing public keys to it",
        description:
          "The signature is the wallet's EIP-191 signature of keyBindingMessage(address, keys); it is stored and served with the keys. " +
          "A contract account's is checked on the session's chain (ERC-1271, or ERC-6492 before it is deployed): 400 CONTRACT_SIGNATURE_INVALID " +
          "when it refuses it, 503 SIGNATURE_CHAIN_UNAVAILABLE when that chain cannot be asked.",
        body: KeysBody,
        response: { 200: Ok(Profile), ...errorResponses(400, 401, 413, 429, 503) },
      },
    },
    async (request) => {
      const { encryptionPublicKey, signingPublicKey, signature } = request.body;
      const { address, chainId } = request.user;
      const hash = keyBindingHash(address, { encryptionPublicKey, signingPublicKey });
      const check = await app.walletSignatures.check(chainId, { address, hash, signature: signature as Hex });
      if (!check.valid) {
        throw walletSignatureError(check, {
          status: 400,
          malformed: "KEY_BINDING_INVALID",
          wrongSigner: "KEY_BINDING_INVALID",
          what: "the binding message for these keys",
        });
      }
      await app.profilesRepository.setKeys(address, { encryptionPublicKey, signingPublicKey, keySignature: signature });
      return ok(await profileOf(app, address));
    },
  );
};

export default profiles;
