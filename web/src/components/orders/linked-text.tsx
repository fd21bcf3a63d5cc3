// Text a stranger wrote (a delivery, so far) with its web addresses as links that are safe to
// click: only http and https (never javascript:, data: or anything else a browser would run or
// open in place), in a new tab, with no opener, no referrer and no endorsement for search engines.
import { Fragment } from "react";

export type Segment = { text: string; href?: undefined } | { text: string; href: string };

const URL_LIKE = /https?:\/\/[^\s<>"'`]+/gi;
/** Sentence punctuation that follows an address more often than it ends one. */
const TRAILING = /[.,;:!?'")\]}]+$/;

/** `text` cut into plain runs and http(s) links, in order; joined, the runs give `text` back. */
export function linkSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    const candidate = match[0].replace(TRAILING, "");
    const start = match.index;
    let href: string | null = null;
    try {
      const url = new URL(candidate);
      if (url.protocol === "http:" || url.protocol === "https:") href = url.href;
    } catch {
      href = null;
    }
    if (href === null) continue;
    if (start > at) segments.push({ text: text.slice(at, start) });
    segments.push({ text: candidate, href });
    at = start + candidate.length;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

/** `text` as written, its http(s) addresses clickable. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkSegments(text).map((segment, i) =>
        segment.href ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the segments are the text's, in order; they never move.
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above.
          <Fragment key={i}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
