// The arbitrator's written reason for a ruling. It travels as the arbitrator's own evidence: sealed
// to the buyer, the seller and the arbitrator like any evidence, pinned, and pointed at on chain by
// the arbitrator's wallet (`submitEvidence`) right before the ruling transaction. So it is bound to
// the order and to the arbitrator's wallet by the chain itself (the indexed submitter), neither the
// API nor anyone else can write one in the arbitrator's name, and both parties read it with the
// keys they already hold. The typed marker tells it apart from other evidence; a reader trusts it
// only from the order's arbitrator of record and only when it names the side the chain ruled for.

/** The marker of a ruling reason's JSON (versioned, so the format can change). */
export const RULING_REASON_TYPE = "p2p-escrow/ruling-reason/v1";

export type RuledFor = "buyer" | "seller";

export interface RulingReason {
  ruling: RuledFor;
  reason: string;
}

/** The evidence content of a ruling reason. */
export const encodeRulingReason = (r: RulingReason): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ type: RULING_REASON_TYPE, ruling: r.ruling, reason: r.reason }));

/** The ruling reason in decrypted evidence text, or null for any other evidence. */
export function rulingReasonOf(text: string | null): RulingReason | null {
  if (!text?.startsWith("{")) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.type !== RULING_REASON_TYPE) return null;
    if (value.ruling !== "buyer" && value.ruling !== "seller") return null;
    if (typeof value.reason !== "string" || !value.reason.trim()) return null;
    return { ruling: value.ruling, reason: value.reason };
  } catch {
    return null;
  }
}

/**
 * The reasons that explain the ruling: from the arbitrator of record, naming the side the chain
 * ruled for, the latest last (an arbitrator who wrote twice before ruling).
 */
export function reasonsForRuling(
  items: readonly { uri: string; submitter: string; text: string | null }[],
  arbitrator: string | null,
  winner: RuledFor | null,
): { uri: string; reason: string }[] {
  if (!arbitrator || !winner) return [];
  return items.flatMap((e) => {
    if (e.submitter.toLowerCase() !== arbitrator.toLowerCase()) return [];
    const r = rulingReasonOf(e.text);
    return r && r.ruling === winner ? [{ uri: e.uri, reason: r.reason }] : [];
  });
}
