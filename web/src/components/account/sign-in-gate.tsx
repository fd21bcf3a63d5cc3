"use client";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useAccount } from "wagmi";
import { useT } from "@/i18n/i18n.tsx";
import { describeError } from "@/lib/tx/errors.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

/**
 * Renders its children once the connected wallet is signed in with its keys: one sign-in per wallet
 * and device. When only the session expired (the keys are still on this device), the wallet is
 * asked for the sign-in signature right away, without a form; the form comes back only if that
 * was refused or failed. `heading` stands above the gate while it shows, for a page whose own
 * heading is drawn by its children: a page never lacks its title.
 */
export function SignInGate({ children, heading }: { children: ReactNode; heading?: ReactNode }) {
  const t = useT();
  const { isConnected } = useAccount();
  const { address, session, keys, signIn } = useAccountSetup();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const renewing = isConnected && keys !== null && session === null;
  // Once per address: a refused renewal leaves the form, not a loop of wallet prompts.
  const renewedFor = useRef<string | undefined>(undefined);

  const act = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [signIn]);

  useEffect(() => {
    if (!renewing || renewedFor.current === address) return;
    renewedFor.current = address;
    void act();
  }, [renewing, address, act]);

  if (!isConnected)
    return (
      <>
        {heading}
        <p className="notice">{t("Connect a wallet to continue.")}</p>
      </>
    );
  if (session && keys) return <>{children}</>;
  if (renewing && busy)
    return (
      <>
        {heading}
        <p className="notice" role="status">
          {t("Your sign-in expired: confirm the sign-in message in your wallet to continue.")}
        </p>
      </>
    );
  return (
    <>
      {heading}
      <div className="notice">
        <p>
          {t(
            "Sign in with your wallet. The first time on this device it also sets up your encryption keys: your wallet signs a few messages, and the keys never leave this browser.",
          )}
        </p>
        <button type="button" className="button" disabled={busy} onClick={() => void act()}>
          {t("Sign in")}
        </button>
        {error !== null && <p role="alert">{describeError(error, t)}</p>}
      </div>
    </>
  );
}
