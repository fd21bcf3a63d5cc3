"use client";
// A word with its short explanation (lib/glossary.ts): the word stays in the sentence, and a small
// button beside it, reachable by keyboard, shows or hides the explanation, which it names with
// aria-describedby so a screen reader reads it with the word.
import { type ReactNode, useId, useState } from "react";
import { useT } from "@/i18n/i18n.tsx";
import { GLOSSARY, type GlossaryKey } from "@/lib/glossary.ts";

export function Term({ name, children }: { name: GlossaryKey; children?: ReactNode }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const id = useId();
  const entry = GLOSSARY[name];
  return (
    <span className="term" data-term={name}>
      {children ?? t(entry.term)}
      <button
        type="button"
        className="term-toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-describedby={id}
        aria-label={t("Explain: {term}", { term: t(entry.term) })}
        style={{ marginInlineStart: "0.25em", padding: "0 0.4em", borderRadius: "1em", fontSize: "0.8em", lineHeight: 1.4 }}
        onClick={() => setOpen((o) => !o)}
      >
        ?
      </button>
      <span
        id={id}
        role="note"
        className="term-explanation muted"
        hidden={!open}
        style={{ display: open ? "block" : undefined, fontWeight: "normal" }}
      >
        {t(entry.explanation)}
      </span>
    </span>
  );
}
