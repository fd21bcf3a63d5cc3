import { describe, expect, it } from "vitest";
import { listingChanges } from "@/components/dashboard/use-my-products.ts";

describe("editing a listing from the seller's list", () => {
  it("sends the title, price and stock as the API takes them, an empty stock as unlimited", () => {
    expect(listingChanges({ title: " Key ", price: "12.5 ", stock: "3" })).toEqual({ title: "Key", price: "12.5", stock: 3 });
    expect(listingChanges({ title: "Key", price: "1", stock: " " })).toEqual({ title: "Key", price: "1", stock: null });
  });
});
