"use client";
// A placeholder in the shape of what is loading, so the page keeps its layout instead of showing
// "Loading…": a grid of listing cards, a detail page, or table rows. Screen readers hear one
// "Loading…" (role="status"); the grey blocks themselves are hidden from them.
import { useT } from "@/i18n/i18n.tsx";

export type SkeletonShape = "cards" | "detail" | "table";

export function Skeleton({ shape, count = 3 }: { shape: SkeletonShape; count?: number }) {
  const t = useT();
  const items = Array.from({ length: count }, (_, i) => i);
  return (
    <div className={`skeleton skeleton-${shape}`} role="status" aria-busy="true" data-testid="skeleton">
      <span className="visually-hidden">{t("Loading…")}</span>
      {shape === "cards" && (
        <ul className="grid" aria-hidden="true">
          {items.map((i) => (
            <li key={i} className="card skeleton-card">
              <span className="skeleton-block media" />
              <span className="skeleton-block line" />
              <span className="skeleton-block line short" />
            </li>
          ))}
        </ul>
      )}
      {shape === "detail" && (
        <div className="two-col" aria-hidden="true">
          <div className="skeleton">
            <span className="skeleton-block title" />
            <span className="skeleton-block line short" />
            {items.map((i) => (
              <span key={i} className="skeleton-block line" />
            ))}
          </div>
          <div className="panel skeleton">
            <span className="skeleton-block line short" />
            <span className="skeleton-block row" />
            <span className="skeleton-block row" />
          </div>
        </div>
      )}
      {shape === "table" && (
        <div className="skeleton skeleton-table" aria-hidden="true">
          {items.map((i) => (
            <span key={i} className="skeleton-block row" />
          ))}
        </div>
      )}
    </div>
  );
}
