"use client";
import { useT } from "@/i18n/i18n.tsx";
import { CATEGORY_NAMES, categories } from "./categories.ts";

/** The API's categories as `<option>`s, with translated names. */
export function CategoryOptions() {
  const t = useT();
  return categories.map((c) => (
    <option key={c} value={c}>
      {t(CATEGORY_NAMES[c])}
    </option>
  ));
}
