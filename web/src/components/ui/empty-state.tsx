// What an empty list says: what is missing, in a sentence, and the next step (a link or a button).
import type { ReactNode } from "react";

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
        <path d="M3 7.5 12 3l9 4.5v9L12 21l-9-4.5v-9Z" strokeLinejoin="round" />
        <path d="M3 7.5 12 12l9-4.5M12 12v9" strokeLinejoin="round" />
      </svg>
      <p className="empty-title">{title}</p>
      {hint && <p>{hint}</p>}
      {action}
    </div>
  );
}
