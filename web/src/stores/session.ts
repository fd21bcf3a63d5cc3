// The API session (SIWE → JWT) per wallet address. Kept in sessionStorage: it ends with the tab.
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { Session } from "@/lib/api/types.ts";

interface SessionState {
  /** Keyed by lowercase address. */
  sessions: Record<string, Session>;
  /** The address last signed in or connected in this tab (for views outside the wallet routes). */
  active: string | null;
  setActive: (address: string | null) => void;
  save: (session: Session) => void;
  forget: (address: string) => void;
}

/** Sign-in sessions, one per wallet that signed in from this tab. */
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
    { name: "p2p-escrow.sessions", storage: createJSONStorage(() => sessionStorage) },
  ),
);

/** The live session of `address`, or null when it has none or it expired. */
export function sessionOf(sessions: Record<string, Session>, address: string | undefined, now = Date.now()): Session | null {
  if (!address) return null;
  const session = sessions[address.toLowerCase()];
  return session && new Date(session.expiresAt).getTime() > now + 30_000 ? session : null;
}

/** The session token of the tab's active wallet: for views that run without the wallet stack (wagmi). */
export const activeSessionToken = (state: Pick<SessionState, "sessions" | "active">): string | null =>
  sessionOf(state.sessions, state.active ?? undefined)?.token ?? null;
