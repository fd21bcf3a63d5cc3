"use client";
// The order's end-to-end encrypted chat (the logic: use-conversation.ts).
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { Conversation } from "./conversation.tsx";
import { useConversation } from "./use-conversation.ts";
import type { Role } from "./use-order.ts";

export function ChatPanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const chat = useConversation(detail, role);
  return (
    <section className="panel" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t("Chat (end-to-end encrypted)")}</h2>
      {chat.noKeyYet &&
        (role === "arbitrator" ? (
          <p className="muted" data-testid="chat-waits">
            {t("The conversation has not reached you yet. It is shared with you automatically, even if no party is online.")}
          </p>
        ) : (
          <button type="button" className="button secondary" onClick={chat.start}>
            {t("Start the encrypted chat")}
          </button>
        ))}
      {chat.sharedForArbitration && (
        <p className="muted" data-testid="chat-shared-for-arbitration">
          {t("The arbitrator of this dispute can read this conversation, now or once drawn (see how disputes work).")}
        </p>
      )}
      {chat.conversation && (
        <>
          <Conversation conversation={chat.conversation} me={chat.me} />
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              chat.send();
            }}
          >
            <label>
              {t("Message")}
              <input value={chat.text} onChange={(e) => chat.setText(e.target.value)} maxLength={4000} />
            </label>
            <button type="submit" className="button">
              {t("Send")}
            </button>
          </form>
        </>
      )}
      {chat.error !== null && (
        <p role="alert" className="notice error">
          {describeError(chat.error, t)}
        </p>
      )}
    </section>
  );
}
