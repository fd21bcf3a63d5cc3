// The per-order E2E chat relay. The conversation key is random, chosen by a client and sealed to
// each participant; messages are secretbox ciphertexts forming a signed hash chain
// (protocol/chat.ts). The server checks the chain as it grows but only ever holds ciphertext.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { messageHash, verifyMessageSignature } from "@p2p-escrow/protocol/chat";
import { OrderParams } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import {
  ChatMessage,
  KeyRecipients,
  MessagePage,
  MessagesQuery,
  NewMessageBody,
  WrapKeyBody,
  WrappedKey,
} from "@p2p-escrow/protocol/schemas/message";
import { Type } from "@sinclair/typebox";
import type { Hex } from "viem";
import { ApiError, badRequest, conflict, forbidden } from "../../lib/api-error.ts";
import { assertSealedBy, assignedArbitrator, base64Length, caseRelayFor } from "../../plugins/app/order-parties.ts";
import { announce } from "../../services/realtime/announce.ts";

const PARTICIPANTS = ["buyer", "seller", "arbitrator"] as const;

const conversations: FastifyPluginAsyncTypebox = async (app) => {
  const { config, orderParties, messagesRepository } = app;

  app.put(
    "/:chainId/:orderId/keys",
    {
      schema: {
        tags: ["messages"],
        summary: "Stores the conversation key sealed to one participant (once per participant)",
        description:
          "The buyer or the seller wraps the key for either of them; once an arbitrator is assigned to the open dispute, also for the arbitrator; " +
          "while the order is Disputed, also for the case-key relay (CASE_RELAY_ADDRESS), which hands it on to the arbitrator. " +
          "The envelope must be sealed with the caller's bound encryption key. A 409 KEY_EXISTS means the recipient has a key already: fetch yours instead.",
        params: OrderParams,
        body: WrapKeyBody,
        response: { 201: Ok(WrappedKey), ...errorResponses(400, 401, 403, 404, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId } = request.params;
      const caller = request.user.address;
      const order = await orderParties.require(chainId, orderId, caller, ["buyer", "seller"]);
      const recipient = request.body.recipient.toLowerCase();
      const allowed = [order.buyer, order.seller, assignedArbitrator(order), caseRelayFor(order, config.CASE_RELAY_ADDRESS)];
      if (!allowed.includes(recipient)) {
        throw forbidden(
          "RECIPIENT_NOT_ALLOWED",
          "The key may be wrapped for the buyer, the seller, or, during a dispute, its assigned arbitrator and the case-key relay",
        );
      }
      assertSealedBy(request.body.envelope, await orderParties.requireKeys(chainId, caller, "caller"));
      await orderParties.requireKeys(chainId, recipient, "recipient");
      if (!(await messagesRepository.wrapKey(chainId, orderId, recipient, caller, request.body.envelope))) {
        throw conflict("KEY_EXISTS", "The conversation key was already wrapped for this recipient");
      }
      return reply.status(201).send(ok((await messagesRepository.keyFor(chainId, orderId, recipient))!));
    },
  );

  app.get(
    "/:chainId/:orderId/keys",
    {
      schema: {
        tags: ["messages"],
        summary: "Who holds a copy of the conversation key (addresses only)",
        description:
          "Lets a party see whether the arbitrator and the case-key relay have their copies yet, so it seals only the missing ones.",
        params: OrderParams,
        response: { 200: Ok(KeyRecipients), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { chainId, orderId } = request.params;
      await orderParties.require(chainId, orderId, request.user.address, PARTICIPANTS);
      return ok({ recipients: await messagesRepository.keyRecipients(chainId, orderId) });
    },
  );

  app.get(
    "/:chainId/:orderId/keys/me",
    {
      schema: {
        tags: ["messages"],
        summary: "The conversation key sealed to the caller, or null while nobody has sealed it to the caller",
        description:
          "`data` is null until a party (or, during a dispute, the case-key relay) seals the key to the caller: an expected state, " +
          "not an error, so it answers 200. The `case.key_relayed` and `order.updated` realtime events say when to ask again.",
        params: OrderParams,
        response: { 200: Ok(Type.Union([WrappedKey, Type.Null()])), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { chainId, orderId } = request.params;
      await orderParties.require(chainId, orderId, request.user.address, PARTICIPANTS);
      return ok(await messagesRepository.keyFor(chainId, orderId, request.user.address));
    },
  );

  app.post(
    "/:chainId/:orderId/messages",
    {
      schema: {
        tags: ["messages"],
        summary: "Appends a message to the order's hash chain",
        description:
          "`seq` must be the head's seq + 1 and `prevHash` the head's hash; otherwise 409 CHAIN_HEAD_MOVED with the current head in `details.head`, to re-chain and retry. " +
          "`hash` must be the protocol hash of the message with the caller as sender, signed by the caller's bound signing key.",
        params: OrderParams,
        body: NewMessageBody,
        response: { 201: Ok(ChatMessage), ...errorResponses(400, 401, 403, 404, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId } = request.params;
      const sender = request.user.address;
      const access = await orderParties.require(chainId, orderId, sender, PARTICIPANTS);
      const m = request.body;
      if (base64Length(m.ciphertext) > config.MESSAGE_MAX_BYTES) {
        throw new ApiError(413, "PAYLOAD_TOO_LARGE", `A message's ciphertext may be at most ${config.MESSAGE_MAX_BYTES} bytes`);
      }
      const chained = { seq: m.seq, sender, nonce: m.nonce, ciphertext: m.ciphertext, prevHash: m.prevHash.toLowerCase() as Hex };
      const hash = m.hash.toLowerCase() as Hex;
      if (messageHash(chainId, BigInt(orderId), chained) !== hash) {
        throw badRequest("HASH_MISMATCH", "`hash` is not the protocol hash of this message sent by you");
      }
      const keys = await orderParties.requireKeys(chainId, sender, "caller");
      if (!verifyMessageSignature(hash, m.signature, keys.signingPublicKey)) {
        throw badRequest("BAD_SIGNATURE", "The signature does not verify against your bound signing key");
      }
      const headMoved = (head: { seq: number; hash: string }) =>
        conflict("CHAIN_HEAD_MOVED", `The conversation's head is seq ${head.seq}; chain onto it and retry`, { head });
      const head = await messagesRepository.head(chainId, orderId);
      if (chained.seq !== head.seq + 1 || chained.prevHash !== head.hash) throw headMoved(head);
      const appended = await messagesRepository.append({ chainId, orderId, ...chained, hash, signature: m.signature }, (trx) =>
        announce(trx, {
          kind: "message.created",
          chainId,
          orderId,
          actor: sender,
          parties: [access.buyer, access.seller, ...(access.arbitrator ? [access.arbitrator] : [])],
          payload: { chainId, orderId, seq: chained.seq, sender, hash },
          key: `message:${chainId}:${orderId}:${chained.seq}`,
        }),
      );
      if (!appended) throw headMoved(await messagesRepository.head(chainId, orderId));
      const [stored] = await messagesRepository.after(chainId, orderId, chained.seq - 1, 1);
      return reply.status(201).send(ok(stored!));
    },
  );

  app.get(
    "/:chainId/:orderId/messages",
    {
      schema: {
        tags: ["messages"],
        summary: "The order's messages after a seq, oldest first, with the chain's head",
        params: OrderParams,
        querystring: MessagesQuery,
        response: { 200: Ok(MessagePage), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { chainId, orderId } = request.params;
      await orderParties.require(chainId, orderId, request.user.address, PARTICIPANTS);
      const { after, limit } = request.query;
      const [rows, head] = await Promise.all([
        messagesRepository.after(chainId, orderId, after, limit),
        messagesRepository.head(chainId, orderId),
      ]);
      const last = rows.at(-1)?.seq ?? after;
      return ok({ messages: rows, head, nextAfter: last < head.seq ? last : null });
    },
  );
};

export default conversations;
