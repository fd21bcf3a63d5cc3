"use client";
// The dispute's evidence and its submission form (the logic: use-evidence.ts).
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { shortAddress } from "@/lib/format/format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { rulingReasonOf } from "./ruling-reason.ts";
import { useEvidence } from "./use-evidence.ts";
import type { Role } from "./use-order.ts";

export function EvidencePanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const evidence = useEvidence(detail, role);
  const chainId = detail.order.chainId;
  return (
    <section className="panel" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{t("Evidence")}</h2>
      <ul data-testid="evidence-list">
        {evidence.items?.map((e) => (
          <li key={e.uri}>
            <span className="muted">{shortAddress(e.submitter)}: </span>
            {e.status === "decrypted" && rulingReasonOf(e.text) ? (
              <span dir="auto" data-testid="evidence-ruling-reason">
                {t("Reason for the ruling: {reason}", { reason: rulingReasonOf(e.text)!.reason })}
              </span>
            ) : e.status === "decrypted" ? (
              <span dir="auto" data-testid="evidence-text">
                {e.text}
              </span>
            ) : (
              <em>
                {t(
                  e.status === "external"
                    ? "not stored here: {uri}"
                    : e.status === "no-key"
                      ? "no key shared with you yet"
                      : "cannot be decrypted",
                  { uri: e.uri },
                )}
              </em>
            )}
          </li>
        ))}
      </ul>
      {evidence.canSubmit && (
        <form
          className="form stack"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            // The file input is cleared only once the file is on chain; the note clears itself then.
            void evidence.upload(new FormData(form).get("file")).then((done) => done && form.reset());
          }}
        >
          <label>
            {t("Evidence note")}
            <textarea value={evidence.note} onChange={(e) => evidence.setNote(e.target.value)} />
          </label>
          <label>
            {t("A file (optional; sent with the note)")}
            <input type="file" name="file" />
          </label>
          <button type="submit" className="button secondary" disabled={evidence.busy}>
            {t("Encrypt and submit evidence")}
          </button>
        </form>
      )}
      <TxStatus state={evidence.tx} chainId={chainId} />
      {evidence.error !== null && evidence.tx.stage !== "failed" && (
        <p role="alert" className="notice error">
          {describeError(evidence.error, t)}
        </p>
      )}
    </section>
  );
}
