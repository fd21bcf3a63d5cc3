// Renders React 19 components into happy-dom's document with react-dom/client, every update
// wrapped in act() so effects and state changes have settled before a test looks at the DOM.
import { act, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach } from "vitest";
import { en } from "@/i18n/en.ts";
import { I18nProvider, type Messages } from "@/i18n/i18n.tsx";
import type { Locale } from "@/i18n/locales.ts";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: { root: Root; container: HTMLElement }[] = [];

afterEach(() => {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
});

export interface Rendered {
  container: HTMLElement;
  rerender: (ui: ReactNode) => void;
  /** The element matching `selector`; throws when there is none. */
  get: (selector: string) => HTMLElement;
}

/** Mounts `ui` in a fresh container, inside the translations of `locale` (English, with its plural forms, by default). */
export function render(
  ui: ReactNode,
  { locale = "en", messages = locale === "en" ? en : {} }: { locale?: Locale; messages?: Messages } = {},
): Rendered {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  mounted.push({ root, container });
  const wrap = (node: ReactNode) => (
    <I18nProvider locale={locale} messages={messages}>
      {node}
    </I18nProvider>
  );
  act(() => root.render(wrap(ui)));
  return {
    container,
    rerender: (next) => act(() => root.render(wrap(next))),
    get: (selector) => {
      const element = container.querySelector<HTMLElement>(selector);
      if (!element) throw new Error(`nothing matches ${selector} in:\n${container.innerHTML}`);
      return element;
    },
  };
}

/** The element's text with runs of whitespace collapsed, as a reader sees it. */
export const textOf = (element: Element) => element.textContent!.replace(/\s+/g, " ").trim();

/** Retries `assertion` until it passes, letting React and TanStack Query flush in between. */
export async function eventually(assertion: () => void, timeoutMs = 2_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await act(() => new Promise<void>((resolve) => setTimeout(resolve, 10)));
    }
  }
}
