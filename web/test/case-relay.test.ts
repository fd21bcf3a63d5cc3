// The pure rules behind the arbitrator's access to a case: who still needs a copy of a key, when
// the case can be read (the ruling gate), what one evidence submission sends, and the arbitrator's
// written reason bound to its ruling.
import { describe, expect, it } from "vitest";
import { missingCopies } from "@/components/orders/key-copies.ts";
import { encodeRulingReason, reasonsForRuling, rulingReasonOf } from "@/components/orders/ruling-reason.ts";
import { caseGap } from "@/components/orders/use-case-keys.ts";
import { evidenceParts } from "@/components/orders/use-evidence.ts";
import { rulingMoney } from "@/components/orders/use-ruling.ts";

const ARBITRATOR = "0x5555555555555555555555555555555555555555";
const RELAY = "0x8888888888888888888888888888888888888888";
const target = (address: string) => ({ address, encryptionPublicKey: `key-of-${address}` });

describe("key copies", () => {
  it("seals only to the arbitrator and the relay where they hold no copy yet", () => {
    expect(missingCopies(["0xb", "0xs"], [target(ARBITRATOR), target(RELAY)]).map((t) => t.address)).toEqual([ARBITRATOR, RELAY]);
    expect(
      missingCopies(["0xb", RELAY.toUpperCase().replace("0X", "0x")], [target(ARBITRATOR), target(RELAY)]).map((t) => t.address),
    ).toEqual([ARBITRATOR]);
  });

  it("skips a recipient without verified keys (null) and names each recipient once", () => {
    expect(missingCopies([], [null, undefined, target(RELAY), target(RELAY)])).toEqual([target(RELAY)]);
  });
});

describe("the ruling gate", () => {
  const ready = { keyLoaded: true, hasKey: true, messageCount: 2, evidence: [{ status: "decrypted" as const }] };

  it("opens once the chat and every evidence file can be read", () => {
    expect(caseGap(ready)).toBeNull();
  });

  it("waits for the conversation's key only when there is a conversation", () => {
    expect(caseGap({ ...ready, hasKey: false })).toBe("conversation");
    expect(caseGap({ ...ready, hasKey: false, messageCount: 0 })).toBeNull();
  });

  it("waits for every evidence file's key, and for the case to load", () => {
    expect(caseGap({ ...ready, evidence: [{ status: "decrypted" }, { status: "no-key" }] })).toBe("evidence");
    expect(caseGap({ ...ready, evidence: [{ status: "external" }] })).toBeNull();
    expect(caseGap({ ...ready, evidence: null })).toBe("loading");
    expect(caseGap({ ...ready, keyLoaded: false })).toBe("loading");
  });
});

describe("an evidence submission", () => {
  it("sends the note and the file when both are given, the note first", () => {
    expect(evidenceParts("The parcel was empty.", { size: 10 })).toEqual(["note", "file"]);
  });

  it("sends what was given, and nothing for a blank note and an empty file input", () => {
    expect(evidenceParts("  ", { size: 10 })).toEqual(["file"]);
    expect(evidenceParts("note", { size: 0 })).toEqual(["note"]);
    expect(evidenceParts("", null)).toEqual([]);
  });
});

describe("the ruling's reason", () => {
  const reason = (ruling: "buyer" | "seller", text: string) => new TextDecoder().decode(encodeRulingReason({ ruling, reason: text }));

  it("round-trips through evidence text and is told apart from other evidence", () => {
    expect(rulingReasonOf(reason("buyer", "No delivery was ever made."))).toEqual({
      ruling: "buyer",
      reason: "No delivery was ever made.",
    });
    expect(rulingReasonOf("The seller never answered.")).toBeNull();
    expect(rulingReasonOf('{"type":"something-else","ruling":"buyer","reason":"x"}')).toBeNull();
    expect(rulingReasonOf('{"type":"p2p-escrow/ruling-reason/v1","ruling":"nobody","reason":"x"}')).toBeNull();
  });

  it("shows only the arbitrator of record's reasons that name the side the chain ruled for", () => {
    const items = [
      { uri: "ipfs://a", submitter: "0xBuyer", text: reason("buyer", "forged by the buyer") },
      { uri: "ipfs://b", submitter: ARBITRATOR, text: reason("seller", "an earlier draft") },
      { uri: "ipfs://c", submitter: ARBITRATOR.toUpperCase().replace("0X", "0x"), text: reason("buyer", "No delivery was ever made.") },
    ];
    expect(reasonsForRuling(items, ARBITRATOR, "buyer")).toEqual([{ uri: "ipfs://c", reason: "No delivery was ever made." }]);
    expect(reasonsForRuling(items, ARBITRATOR, null)).toEqual([]);
    expect(reasonsForRuling(items, null, "buyer")).toEqual([]);
  });

  it("states the money of a ruling: the winner's return and the loser's deposit that pays the arbitrator", () => {
    const view = { fee: 2n, stakes: { buyer: { ifWins: 14n, ifLoses: 2n }, seller: { ifWins: 14n, ifLoses: 3n } } };
    expect(rulingMoney(view, "buyer")).toEqual({ winner: "buyer", loser: "seller", winnerReceives: 14n, loserLoses: 3n, fee: 2n });
  });
});
