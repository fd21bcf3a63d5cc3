import type { ReactNode } from "react";

/**
 * A table that scrolls sideways on a narrow screen. The scrolling box is a named region in the tab
 * order, so a keyboard reader can reach it and scroll it (a table of text alone has nothing
 * focusable inside).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
