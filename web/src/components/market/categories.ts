import type { Category } from "@p2p-escrow/protocol/schemas/listing";

export type { Category };

/** The API's fixed categories with their display names (translated through t()). */
export const CATEGORY_NAMES: Record<Category, string> = {
  "digital-goods": "Digital goods",
  software: "Software",
  "gift-cards": "Gift cards",
  services: "Services",
  accounts: "Accounts",
  other: "Other",
};

export const categories = Object.keys(CATEGORY_NAMES) as Category[];
