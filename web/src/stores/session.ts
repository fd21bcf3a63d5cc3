// The API session (SIWE → JWT) per wallet address, kept in this device's localStorage: one
// sign-in serves every tab and every visit until the token expires, the wallet signs out, or the
// wallet switches to another address (lib/wallet/account-lifecycle.ts clears it then).
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { Session } from "@/lib/api/types.ts";
import { followOtherTabs } from "./follow-other-tabs.ts";

/** How long before its expiry a session stops counting as live: a request sent then still lands in time. */
export const SESSION_MARGIN_MS = 30_000;

interface SessionState {
  /** Keyed by lowercase address. */
  sessions: Record<string, Session>;
  /** The address connected last on this device (for views outside the wallet routes, and to see a switch). */
  active: string | null;
  setActive: (address: string | null) => void;
  save: (session: Session) => void;
  forget: (address: string) => void;
}

const STORAGE_NAME = "p2p-escrow.sessions";

/** Sign-in sessions, one per wallet that signed in on this device. */
export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      sessions: {},
      active: null,
      setActive: (address) => set({ active: address?.toLowerCase() ?? null }),
      save: (session) =>
        set((s) => ({ sessions: { ...s.sessions, [session.address.toLowerCase()]: session }, active: session.address.toLowerCase() })),
      forget: (address) =>
        set((s) => {
          const { [address.toLowerCase()]: _gone, ...rest } = s.sessions;
          return { sessions: rest };
        }),
    }),
    { name: STORAGE_NAME, storage: createJSONStorage(() => localStorage) },
  ),
);
followOtherTabs(useSessionStore, STORAGE_NAME);

/** The live session of `address`, or null when it has none or it expired. */
export function sessionOf(sessions: Record<string, Session>, address: string | undefined, now = Date.now()): Session | null {
  if (!address) return null;
  const session = sessions[address.toLowerCase()];
  return session && new Date(session.expiresAt).getTime() > now + SESSION_MARGIN_MS ? session : null;
}

/** The session token of the device's active wallet: for views that run without the wallet stack (wagmi). */
export const activeSessionToken = (state: Pick<SessionState, "sessions" | "active">): string | null =>
  sessionOf(state.sessions, state.active ?? undefined)?.token ?? null;
