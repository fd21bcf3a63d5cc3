// @vitest-environment happy-dom
import { deriveWalletKeys } from "@p2p-escrow/protocol";
import { beforeEach, describe, expect, it } from "vitest";
import { walletConnected, walletSignedOut } from "@/lib/wallet/account-lifecycle.ts";
import { keysOf, useKeysStore } from "@/stores/keys.ts";
import { activeSessionToken, sessionOf, useSessionStore } from "@/stores/session.ts";

const ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

function signIn(address: string) {
  walletConnected(address);
  useSessionStore.getState().save({ address, chainId: 31337, token: `token-of-${address}`, expiresAt: inAnHour() });
  useKeysStore.getState().save(address, deriveWalletKeys(`0x${"ab".repeat(65)}`));
}

const signedIn = (address: string) => ({
  session: sessionOf(useSessionStore.getState().sessions, address) !== null,
  keys: keysOf(useKeysStore.getState().stored, address) !== null,
});

beforeEach(() => {
  localStorage.clear();
  useSessionStore.setState({ sessions: {}, active: null });
  useKeysStore.setState({ stored: {} });
});

describe("one sign-in per wallet and device", () => {
  it("keeps the session and the keys in the device's storage, so a reload or a new tab finds them", async () => {
    signIn(ALICE);
    expect(localStorage.getItem("p2p-escrow.sessions")).toContain(`token-of-${ALICE}`);
    expect(JSON.parse(localStorage.getItem("p2p-escrow.keys")!).state.stored[ALICE]).toBeDefined();

    // What a new tab does: start empty, read the device's storage.
    const device = { ...localStorage };
    useSessionStore.setState({ sessions: {}, active: null });
    useKeysStore.setState({ stored: {} });
    for (const [name, value] of Object.entries(device)) localStorage.setItem(name, value);
    await useSessionStore.persist.rehydrate();
    await useKeysStore.persist.rehydrate();
    expect(signedIn(ALICE)).toEqual({ session: true, keys: true });
    expect(activeSessionToken(useSessionStore.getState())).toBe(`token-of-${ALICE}`);
  });

  it("keeps them when the same wallet connects again", () => {
    signIn(ALICE);
    walletConnected(ALICE.toUpperCase().replace("0X", "0x"));
    expect(signedIn(ALICE)).toEqual({ session: true, keys: true });
  });

  it("clears the last wallet's session and keys when the wallet switches to another address", () => {
    signIn(ALICE);
    walletConnected(BOB);
    expect(signedIn(ALICE)).toEqual({ session: false, keys: false });
    expect(useSessionStore.getState().active).toBe(BOB);
    expect(localStorage.getItem("p2p-escrow.keys")).not.toContain(ALICE);
  });

  it("clears them on sign-out, and the header then offers to connect", () => {
    signIn(ALICE);
    walletSignedOut();
    expect(signedIn(ALICE)).toEqual({ session: false, keys: false });
    expect(useSessionStore.getState().active).toBeNull();
    expect(localStorage.getItem("p2p-escrow.sessions")).not.toContain(ALICE);
  });

  it("counts a session as expired shortly before its expiry, keeping the keys for a renewal that needs only the sign-in", () => {
    signIn(ALICE);
    const expiresAt = new Date(Date.now() + 10_000).toISOString();
    useSessionStore.getState().save({ address: ALICE, chainId: 31337, token: "short", expiresAt });
    expect(signedIn(ALICE)).toEqual({ session: false, keys: true });
  });
});
