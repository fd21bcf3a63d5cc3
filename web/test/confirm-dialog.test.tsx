// @vitest-environment happy-dom
// The confirmation dialog keeps its accessible name (its title) when the page was rendered on the
// server and hydrated, even where the server's useId differs from the client's: React does not
// patch a hydrated attribute, so a dialog labelled by the id of a heading created later on the
// client would point at nothing, and neither a screen reader nor a test finding it by role and
// name would know what it asks (the wallet's prompt went unfound that way, intermittently).
import { act, type ReactNode } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfirmDialog, type ConfirmRequest } from "@/components/ui/confirm-dialog.tsx";
import { en } from "@/i18n/en.ts";
import { I18nProvider } from "@/i18n/i18n.tsx";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const REQUEST: ConfirmRequest = {
  title: "Dev wallet (ivy): sign this operation?",
  consequences: "Gas: at most 1 USDC.",
  confirmLabel: "Sign",
};
const Nothing = () => null;

/**
 * The dialog at one place in the tree among siblings that render nothing: the HTML is the same
 * wherever it sits, but useId is not.
 */
function Page({ before, request }: { before: number; request: ConfirmRequest | null }) {
  const siblings: ReactNode[] = ["first", "second"].slice(0, before).map((key) => <Nothing key={key} />);
  return (
    <I18nProvider locale="en" messages={en}>
      {[...siblings, <ConfirmDialog key="dialog" request={request} onConfirm={() => {}} onCancel={() => {}} />]}
    </I18nProvider>
  );
}

/** The dialog's accessible name as assistive technology computes it from aria-label or aria-labelledby. */
function accessibleName(dialog: Element): string {
  const label = dialog.getAttribute("aria-label");
  if (label) return label;
  const ids = dialog.getAttribute("aria-labelledby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("ConfirmDialog", () => {
  it("is named by its title after hydration, even when the server's ids differ from the client's", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(<Page before={2} request={null} />);
    document.body.append(container);
    // Attribute differences are the very thing under test: React reports them in development only.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const root = await act(async () => hydrateRoot(container, <Page before={1} request={null} />));
    quiet.mockRestore();
    await act(async () => root.render(<Page before={1} request={REQUEST} />));
    const dialog = container.querySelector("dialog")!;
    expect(dialog.open).toBe(true);
    expect(accessibleName(dialog)).toBe(REQUEST.title);
    await act(async () => root.unmount());
  });
});
