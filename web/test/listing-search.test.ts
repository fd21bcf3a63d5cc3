import { describe, expect, it } from "vitest";
import { filtersFrom, searchHref } from "@/components/market/use-listing-search.ts";

describe("the marketplace search in the address", () => {
  it("writes the filters that are set, in a fixed order, and reads them back the same", () => {
    const filters = { q: "licence key", category: "software", chainId: "31337", minPrice: "", maxPrice: "20" };
    const href = searchHref("/marketplace", filters);
    expect(href).toBe("/marketplace?q=licence+key&category=software&chainId=31337&maxPrice=20");
    expect(filtersFrom(new URL(href, "http://localhost").searchParams)).toEqual(filters);
  });

  it("is the bare page when nothing is set, and reads an address without a search as no filter", () => {
    const none = { q: "", category: "", chainId: "", minPrice: "", maxPrice: "" };
    expect(searchHref("/marketplace", { ...none, q: "  " })).toBe("/marketplace");
    expect(filtersFrom(new URLSearchParams("utm_source=x"))).toEqual(none);
  });
});
