"use client";
import { Term } from "@/components/ui/term.tsx";
import { useT } from "@/i18n/i18n.tsx";
import type { readConversation } from "@/lib/crypto/conversation.ts";
import { shortAddress } from "@/lib/format/format.ts";

export type CheckedConversation = ReturnType<typeof readConversation>;

/** A conversation after its check: whether the hash chain is whole, then every message decrypted. */
export function Conversation({ conversation, me }: { conversation: CheckedConversation; me: string }) {
  const t = useT();
  return (
    <>
      <p className={conversation.broken ? "notice error" : "muted"} data-testid="chain-check">
        {conversation.broken
          ? t("The message chain is broken at message {seq} ({reason}): the server altered or dropped messages.", {
              seq: conversation.broken.seq,
              reason: conversation.broken.reason,
            })
          : t("Hash chain verified: {count} messages, none missing or altered.", { count: conversation.messages.length })}
      </p>
      {!conversation.broken && conversation.messages.length > 0 && (
        <p className="muted">
          <Term name="hashChain">{t("What the hash chain check means")}</Term>
        </p>
      )}
      <ol className="chat" aria-label={t("Messages")} aria-live="polite">
        {conversation.messages.map((m) => (
          <li key={m.seq} className={m.sender === me ? "message mine" : "message"} data-testid="chat-message">
            <span className="muted">{m.sender === me ? t("You") : shortAddress(m.sender)}: </span>
            {m.text !== undefined && m.text !== null ? <bdi>{m.text}</bdi> : <em>{t("(cannot be decrypted)")}</em>}
          </li>
        ))}
      </ol>
    </>
  );
}
