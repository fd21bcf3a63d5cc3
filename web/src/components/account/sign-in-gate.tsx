"use client";
import { type ReactNode, useState } from "react";
import { useAccount } from "wagmi";
import { useT } from "@/i18n/i18n.tsx";
import { describeError } from "@/lib/tx/errors.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";

/** Renders its children once the connected wallet is signed in (and, if asked, has its keys). */
export function SignInGate({ children, needKeys = false }: { children: ReactNode; needKeys?: boolean }) {
  const t = useT();
  const { isConnected } = useAccount();
  const { session, keys, ensureSession, ensureKeys } = useAccountSetup();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!isConnected) return <p className="notice">{t("Connect a wallet to continue.")}</p>;
  if (session && (!needKeys || keys)) return <>{children}</>;
  const act = async () => {
    setBusy(true);
    setError(null);
    try {
      if (needKeys) await ensureKeys();
      else await ensureSession();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="notice">
      <p>
        {needKeys
          ? t("Sign in and set up your encryption keys. Your wallet signs the key message twice; the keys never leave this browser.")
          : t("Sign in with your wallet to see this page.")}
      </p>
      <button type="button" className="button" disabled={busy} onClick={() => void act()}>
        {needKeys ? t("Sign in and set up keys") : t("Sign in")}
      </button>
      {error !== null && <p role="alert">{describeError(error, t)}</p>}
    </div>
  );
}
