// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { LinkedText, linkSegments } from "@/components/orders/linked-text.tsx";
import { render } from "./render.tsx";

describe("links in delivered text", () => {
  it("makes http and https addresses links and keeps every other character as written", () => {
    const text = "Download: https://example.com/file?id=1&x=2. Mirror (http://mirror.example.org/a), key ABC-123";
    const segments = linkSegments(text);
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments.filter((s) => s.href).map((s) => s.href)).toEqual(["https://example.com/file?id=1&x=2", "http://mirror.example.org/a"]);
  });

  it("never links javascript:, data: or other schemes, nor an address hidden inside one", () => {
    for (const text of [
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "ftp://example.com/x",
      "JaVaScRiPt:alert(document.cookie)//https://x",
    ]) {
      const links = linkSegments(text).filter((s) => s.href);
      for (const link of links) expect(link.href).toMatch(/^https?:\/\//);
      expect(links.every((l) => !/^(javascript|data|file|ftp):/i.test(l.href ?? ""))).toBe(true);
    }
    expect(linkSegments("javascript:alert(1)")).toEqual([{ text: "javascript:alert(1)" }]);
  });

  it("opens a link in a new tab with no opener, no referrer and no endorsement", () => {
    const { container } = render(<LinkedText text="Licence at https://example.com/key and nothing else" />);
    const links = container.querySelectorAll("a");
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute("href")).toBe("https://example.com/key");
    expect(links[0]!.getAttribute("target")).toBe("_blank");
    expect(links[0]!.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(container.textContent).toBe("Licence at https://example.com/key and nothing else");
  });
});
