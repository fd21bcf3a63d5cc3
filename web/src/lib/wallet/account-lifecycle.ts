// What happens to a wallet's sign-in and keys on this device when the wallet changes: they stay
// while the same address comes back (a reload, a new tab, another visit), and are cleared when the
// wallet signs out (disconnects) or switches to another address, so the next person at this
// browser does not inherit them.
import { useKeysStore } from "@/stores/keys.ts";
import { useSessionStore } from "@/stores/session.ts";

function forgetWallet(address: string) {
  useSessionStore.getState().forget(address);
  useKeysStore.getState().forget(address);
}

/** The wallet is connected as `address`: a different address than the last one clears the last one's. */
export function walletConnected(address: string) {
  const { active, setActive } = useSessionStore.getState();
  if (active && active !== address.toLowerCase()) forgetWallet(active);
  setActive(address);
}

/** The wallet disconnected: its session and keys are cleared from this device. */
export function walletSignedOut() {
  const { active, setActive } = useSessionStore.getState();
  if (active) forgetWallet(active);
  setActive(null);
}
