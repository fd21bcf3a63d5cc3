"use client";
// The one confirmation step before an irreversible action: a modal <dialog> (focus trapped and
// Escape handled by the browser) that says what will happen to the money and, when the action
// needs one, takes a written reason.
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useT } from "@/i18n/i18n.tsx";

export interface ConfirmRequest {
  title: string;
  /** What happens, above all to the money, in the reader's words. */
  consequences: ReactNode;
  confirmLabel: string;
  /** The way back, when "Go back" is not its name (a wallet "rejects"). */
  cancelLabel?: string;
  /** A written reason is required (a ruling's); its label. */
  reasonLabel?: string;
  danger?: boolean;
}

export function ConfirmDialog({
  request,
  onConfirm,
  onCancel,
  kind = "app",
}: {
  request: ConfirmRequest | null;
  /** Whose question it is: the app's, or the (dev) wallet's before it signs. */
  kind?: "app" | "wallet";
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      setReason("");
      dialog.showModal();
    } else if (!request && dialog.open) dialog.close();
  }, [request]);

  const needsReason = !!request?.reasonLabel;
  return (
    // Named by its title directly, not by the heading's id: the dialog is rendered on the server
    // and hydrated, the heading only later on the client, and where the two useIds differed the
    // hydrated reference (which React does not patch) named nothing.
    <dialog ref={ref} className="confirm-dialog" data-kind={kind} aria-label={request?.title} onClose={() => request && onCancel()}>
      {request && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (needsReason && !reason.trim()) return;
            onConfirm(reason.trim());
          }}
        >
          <h2>{request.title}</h2>
          <div data-testid="confirm-consequences">{request.consequences}</div>
          {needsReason && (
            <label>
              {request.reasonLabel}
              <textarea required value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          )}
          <div className="actions">
            <button type="button" className="button secondary" onClick={onCancel}>
              {request.cancelLabel ?? t("Go back")}
            </button>
            <button type="submit" className={request.danger ? "button danger" : "button"} disabled={needsReason && !reason.trim()}>
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** State for one ConfirmDialog: `ask` opens it and resolves with the reason, or null if cancelled. */
export function useConfirm() {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve: (reason: string | null) => void } | null>(null);
  const ask = (request: ConfirmRequest) => new Promise<string | null>((resolve) => setPending({ request, resolve }));
  const settle = (reason: string | null) => {
    pending?.resolve(reason);
    setPending(null);
  };
  return {
    ask,
    dialogProps: { request: pending?.request ?? null, onConfirm: (reason: string) => settle(reason), onCancel: () => settle(null) },
  };
}
