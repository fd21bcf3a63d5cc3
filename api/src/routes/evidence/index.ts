// Dispute evidence. A party encrypts a file under a random key (secretbox), wraps that key for
// every participant, and uploads the ciphertext here; the API pins it to IPFS and returns the
// `ipfs://` URI the party then submits on chain (`submitEvidence`). Reading goes through the
// indexed `EvidenceSubmitted` events, so the list is exactly what the chain recorded.
//
// Uploads are accepted while the order is Created, SellerConfirmed or Disputed: parties may pin
// evidence before a dispute (a delivery receipt, say), though the contract only takes the
// pointer once the order is Disputed.
import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { isOpenOrderStatus } from "@p2p-escrow/contracts/order-status";
import { OrderParams } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { EvidenceList, EvidenceParams, FileKeys, FileNonce, Pinned } from "@p2p-escrow/protocol/schemas/evidence";
import { WrapKeyBody, WrappedKey } from "@p2p-escrow/protocol/schemas/message";
import { MIN_SECRETBOX_BYTES } from "@p2p-escrow/protocol/sealing";
import { Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifyRequest } from "fastify";
import { getAddress } from "viem";
import { ApiError, badRequest, conflict, forbidden, notFound } from "../../lib/api-error.ts";
import { ipfsUri } from "../../plugins/app/evidence-repository.ts";
import { assertSealedBy, assignedArbitrator, caseRelayFor, type OrderParties } from "../../plugins/app/order-parties.ts";

const PARTICIPANTS = ["buyer", "seller", "arbitrator"] as const;

/** Who a file key must be wrapped for at upload: both parties, and the arbitrator once assigned. */
const requiredRecipients = (order: OrderParties) => [order.buyer, order.seller, assignedArbitrator(order)].filter((a) => a !== null);

/**
 * The upload's file and fields. A body the multipart parser cannot read (no boundary, cut off
 * before its closing boundary, malformed part headers, a field named after a prototype property)
 * is the client's fault: 400 INVALID_BODY. Limits keep their own 413s.
 */
async function readUpload(request: FastifyRequest): Promise<{ file: Buffer | null; fields: Record<string, string> }> {
  let file: Buffer | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") file = await part.toBuffer();
      else fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw error;
    throw badRequest("INVALID_BODY", "The multipart body is malformed", { reason: (error as Error).message });
  }
  return { file, fields };
}

const evidence: FastifyPluginAsyncTypebox = async (app) => {
  const { orderParties, evidenceRepository, ipfs, config } = app;
  /** The case-key relay, while the order is Disputed (order-parties.ts): a recipient one may add, never one that is required. */
  const relayOf = (order: OrderParties) => caseRelayFor(order, config.CASE_RELAY_ADDRESS);

  app.post(
    "/:chainId/:orderId",
    {
      schema: {
        tags: ["evidence"],
        summary: "Pins an encrypted evidence file to IPFS and stores its wrapped keys",
        description:
          "multipart/form-data with one file part (the secretbox ciphertext), a field `nonce` (its base64 nonce) and a field `keys`: " +
          "JSON `[{ recipient, envelope }]`, the file key sealed with the caller's bound key to the buyer, the seller and, once assigned, the arbitrator; " +
          "while the order is Disputed, optionally also to the case-key relay (CASE_RELAY_ADDRESS), which hands it on to an arbitrator drawn later. " +
          "Returns the CID and the `ipfs://` URI to pass to `submitEvidence` on chain.",
        consumes: ["multipart/form-data"],
        params: OrderParams,
        response: { 201: Ok(Pinned), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 502) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId } = request.params;
      const uploader = request.user.address;
      const order = await orderParties.require(chainId, orderId, uploader, PARTICIPANTS);
      if (!isOpenOrderStatus(order.status)) {
        throw conflict(
          "ORDER_CLOSED",
          `The order is ${order.status}; evidence is accepted while it is Created, SellerConfirmed or Disputed`,
        );
      }
      if (!request.isMultipart()) throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Upload evidence as multipart/form-data");

      const { file, fields } = await readUpload(request);
      const missing = [
        file === null || file.length === 0 ? "file" : null,
        fields.nonce === undefined ? "nonce" : null,
        fields.keys === undefined ? "keys" : null,
      ];
      if (missing.some((m) => m !== null)) {
        throw badRequest("VALIDATION_FAILED", "The upload needs a non-empty file part and the fields `nonce` and `keys`", {
          missing: missing.filter((m) => m !== null),
        });
      }
      if (file!.length < MIN_SECRETBOX_BYTES) {
        throw badRequest("VALIDATION_FAILED", `The file must be a secretbox: at least ${MIN_SECRETBOX_BYTES} bytes`, [
          { field: "body/file", message: `must be at least ${MIN_SECRETBOX_BYTES} bytes` },
        ]);
      }
      if (!Value.Check(FileNonce, fields.nonce))
        throw badRequest("VALIDATION_FAILED", "`nonce` must be a 24-byte base64 nonce", [{ field: "body/nonce" }]);
      let keys: unknown;
      try {
        keys = JSON.parse(fields.keys!);
      } catch {
        throw badRequest("VALIDATION_FAILED", "`keys` must be JSON", [{ field: "body/keys" }]);
      }
      if (!Value.Check(FileKeys, keys)) {
        const details = [...Value.Errors(FileKeys, keys)].slice(0, 10).map((e) => ({ field: `body/keys${e.path}`, message: e.message }));
        throw badRequest("VALIDATION_FAILED", "`keys` must be [{ recipient, envelope }]", details);
      }
      const wrapped = keys.map((k) => ({ recipient: k.recipient.toLowerCase(), envelope: k.envelope }));
      const relay = relayOf(order);
      const recipients = wrapped.map((k) => k.recipient).sort();
      // The relay's copy is optional: a page whose configuration names no relay still uploads.
      const withoutRelay = recipients.filter((r) => r !== relay);
      const required = requiredRecipients(order).sort();
      if (
        recipients.length - withoutRelay.length > 1 ||
        withoutRelay.length !== required.length ||
        withoutRelay.some((r, i) => r !== required[i])
      ) {
        throw badRequest(
          "KEYS_RECIPIENTS",
          "Wrap the file key exactly once for each of the order's buyer, seller and assigned arbitrator (and at most once for the case-key relay)",
          {
            required: required.map((a) => getAddress(a)),
          },
        );
      }
      const callerKeys = await orderParties.requireKeys(chainId, uploader, "caller");
      for (const k of wrapped) assertSealedBy(k.envelope, callerKeys);
      for (const r of recipients) await orderParties.requireKeys(chainId, r, "recipient");

      let cid: string;
      try {
        cid = await ipfs.add(file!);
      } catch (error) {
        request.log.error({ err: error }, "pinning evidence failed");
        throw new ApiError(502, "IPFS_UNAVAILABLE", "Pinning to IPFS failed; try again");
      }
      const created = await evidenceRepository.create({
        cid,
        chainId,
        orderId,
        uploader,
        size: file!.length,
        nonce: fields.nonce!,
        keys: wrapped,
      });
      if (!created) throw conflict("EVIDENCE_EXISTS", "This exact file was uploaded already", { cid, uri: ipfsUri(cid) });
      return reply.status(201).send(ok({ cid, uri: ipfsUri(cid) }));
    },
  );

  app.put(
    "/:chainId/:orderId/:cid/keys",
    {
      schema: {
        tags: ["evidence"],
        summary:
          "Wraps an evidence file's key for a participant who has none (an arbitrator assigned later, the case-key relay during a dispute)",
        params: EvidenceParams,
        body: WrapKeyBody,
        response: { 201: Ok(WrappedKey), ...errorResponses(400, 401, 403, 404, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId, cid } = request.params;
      const caller = request.user.address;
      const order = await orderParties.require(chainId, orderId, caller, PARTICIPANTS);
      if (!(await evidenceRepository.find(chainId, orderId, cid)))
        throw notFound("EVIDENCE_NOT_FOUND", "No such evidence file for this order");
      const recipient = request.body.recipient.toLowerCase();
      if (![...requiredRecipients(order), relayOf(order)].includes(recipient)) {
        throw forbidden(
          "RECIPIENT_NOT_ALLOWED",
          "The key may be wrapped for the buyer, the seller, or, during a dispute, its assigned arbitrator and the case-key relay",
        );
      }
      assertSealedBy(request.body.envelope, await orderParties.requireKeys(chainId, caller, "caller"));
      await orderParties.requireKeys(chainId, recipient, "recipient");
      if (!(await evidenceRepository.wrapKey(cid, recipient, caller, request.body.envelope))) {
        throw conflict("KEY_EXISTS", "The file key was already wrapped for this recipient");
      }
      return reply.status(201).send(
        ok({
          recipient: getAddress(recipient),
          wrappedBy: getAddress(caller),
          envelope: request.body.envelope,
          createdAt: new Date().toISOString(),
        }),
      );
    },
  );

  app.get(
    "/:chainId/:orderId",
    {
      schema: {
        tags: ["evidence"],
        summary: "The order's evidence as recorded on chain, with file meta, the caller's wrapped key and who holds a copy of the file key",
        params: OrderParams,
        response: { 200: Ok(EvidenceList), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { chainId, orderId } = request.params;
      await orderParties.require(chainId, orderId, request.user.address, PARTICIPANTS);
      return ok({ chainId, orderId, evidence: await evidenceRepository.list(chainId, orderId, request.user.address) });
    },
  );

  app.get(
    "/:chainId/:orderId/:cid/content",
    {
      schema: {
        tags: ["evidence"],
        summary: "Streams an evidence file's ciphertext from IPFS",
        params: EvidenceParams,
        response: { 200: Type.Unsafe<Uint8Array>({ type: "string", format: "binary" }), ...errorResponses(400, 401, 403, 404, 429, 502) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId, cid } = request.params;
      await orderParties.require(chainId, orderId, request.user.address, PARTICIPANTS);
      const file = await evidenceRepository.find(chainId, orderId, cid);
      if (!file) throw notFound("EVIDENCE_NOT_FOUND", "No such evidence file for this order");
      // The first chunk is awaited before answering, so an unreachable backend is still a clean 502.
      const chunks = ipfs.cat(cid)[Symbol.asyncIterator]();
      let first: IteratorResult<Uint8Array>;
      try {
        first = await chunks.next();
      } catch (error) {
        request.log.error({ err: error, cid }, "reading evidence from IPFS failed");
        throw new ApiError(502, "IPFS_UNAVAILABLE", "Reading from IPFS failed; try again");
      }
      async function* rest() {
        if (!first.done) yield first.value;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      }
      return reply
        .header("content-type", "application/octet-stream")
        .header("content-length", file.size)
        .header("cache-control", "private, max-age=31536000, immutable")
        .send(Readable.from(rest()));
    },
  );
};

export default evidence;
