// @vitest-environment happy-dom
// A glossary word: its explanation is hidden until the reader asks, by a keyboard-reachable button
// that says what it shows, and is the button's description for screen readers.
import { act } from "react";
import { describe, expect, it } from "vitest";
import { Term } from "@/components/ui/term.tsx";
import { fa } from "@/i18n/fa.ts";
import { GLOSSARY } from "@/lib/glossary.ts";
import { render } from "./render.tsx";

describe("a glossary term", () => {
  it("shows its explanation when its button is pressed, and hides it again", () => {
    const { get } = render(<Term name="block" />);
    const button = get("button") as HTMLButtonElement;
    const note = get('[role="note"]');
    expect(button.getAttribute("aria-label")).toBe("Explain: block");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(button.getAttribute("aria-describedby")).toBe(note.id);
    expect(note.hidden).toBe(true);
    act(() => button.click());
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(note.hidden).toBe(false);
    expect(note.textContent).toBe(GLOSSARY.block.explanation);
    act(() => button.click());
    expect(note.hidden).toBe(true);
  });

  it("keeps the page's own wording for the word, and explains it in the reader's language", () => {
    const { container, get } = render(<Term name="productHash">Product hash</Term>, { locale: "fa", messages: fa });
    expect(container.textContent?.startsWith("Product hash")).toBe(true);
    expect(get('[role="note"]').textContent).toBe(fa[GLOSSARY.productHash.explanation]);
  });
});
