// Plain phrases for the protocol's names and the glossary: every status, escrow event and
// notification kind has a phrase (the types enforce it; these tests guard the runtime lists), every
// phrase and explanation has its Persian text, and a name the app does not know shows as it is.
import { ORDER_STATUSES } from "@p2p-escrow/contracts/order-status";
import { NOTIFICATION_KINDS } from "@p2p-escrow/protocol/notification-kinds";
import { describe, expect, it } from "vitest";
import { escrowAbi } from "@/generated/contracts.ts";
import { fa } from "@/i18n/fa.ts";
import { GLOSSARY } from "@/lib/glossary.ts";
import { EVENT_LABELS, eventLabel, NOTIFICATION_LABELS, notificationLabel, STATUS_LABELS, statusLabel } from "@/lib/labels.ts";

const escrowEvents = escrowAbi.filter((item) => item.type === "event").map((item) => item.name);

describe("plain phrases", () => {
  it("name every order status in words, not by its Solidity name", () => {
    for (const status of ORDER_STATUSES) {
      expect(statusLabel(status), status).not.toBe(status);
      expect(statusLabel(status)).toBe(STATUS_LABELS[status]);
    }
    expect(statusLabel("SellerConfirmed")).toBe("Delivered, waiting for the buyer");
    expect(statusLabel("ResolvedBuyer")).toBe("Dispute decided for the buyer");
  });

  it("name every event of the escrow's ABI as a timeline entry", () => {
    expect(escrowEvents.length).toBeGreaterThan(10);
    for (const name of escrowEvents) expect(eventLabel(name), name).not.toBe(name);
    expect(Object.keys(EVENT_LABELS).sort()).toEqual([...new Set(escrowEvents)].sort());
    expect(eventLabel("RandomnessRequested")).toBe("The arbitrator draw started");
  });

  it("name every notification kind the API publishes", () => {
    for (const kind of NOTIFICATION_KINDS) expect(notificationLabel(kind), kind).not.toBe(kind);
    expect(Object.keys(NOTIFICATION_LABELS).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(notificationLabel("dispute.opened")).toBe("Dispute opened");
  });

  it("show a name the app does not know as it is, so a newer server's status still shows", () => {
    expect(statusLabel("Frozen")).toBe("Frozen");
    expect(eventLabel("toString")).toBe("toString");
    expect(notificationLabel("order.teleported")).toBe("order.teleported");
  });

  it("have a Persian text for every phrase, and for every glossary word and explanation", () => {
    const texts = [
      ...Object.values(STATUS_LABELS),
      ...Object.values(EVENT_LABELS),
      ...Object.values(NOTIFICATION_LABELS),
      ...Object.values(GLOSSARY).flatMap((entry) => [entry.term, entry.explanation]),
    ];
    expect(texts.filter((text) => !(text in fa))).toEqual([]);
  });
});
