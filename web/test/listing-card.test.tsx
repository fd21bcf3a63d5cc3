// @vitest-environment happy-dom
import { deployments } from "@p2p-escrow/contracts/deployments";
import { describe, expect, it } from "vitest";
import { ListingCard } from "@/components/market/listing-card.tsx";
import { RuntimeConfigProvider } from "@/config/runtime-context.tsx";
import { fa } from "@/i18n/fa.ts";
import type { ListingSummary } from "@/lib/api/types.ts";
import { render, textOf } from "./render.tsx";

const local = deployments[31337].tokens;
const SELLER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

const listing: ListingSummary = {
  id: "5f0c6a52-3d1e-4a7b-9c2d-8e1f0a2b3c4d",
  seller: SELLER,
  title: "Photo editing licence",
  description: "A lifetime licence key",
  category: "software",
  price: "12.50",
  accepted: [
    { chainId: 31337, token: local.USDC.address.toLowerCase() },
    { chainId: 31337, token: local.USDT.address },
  ],
  stock: null,
  available: null,
  images: [],
  productHash: `0x${"22".repeat(32)}`,
  status: "active",
  createdAt: "2026-11-30T09:00:00.000Z",
  updatedAt: "2026-11-30T09:00:00.000Z",
};

describe("ListingCard", () => {
  it("shows the title linked to the listing, the price, the category, the accepted tokens with their chain and a link to the seller's profile", () => {
    const { get, container } = render(<ListingCard listing={listing} />);
    const title = get("h2 a");
    expect(textOf(title)).toBe("Photo editing licence");
    expect(title.getAttribute("href")).toBe(`/listing/${listing.id}`);
    expect(textOf(get(".price"))).toBe("$12.50");
    const lines = [...container.querySelectorAll(".card-body p:not(.price)")].map(textOf);
    expect(lines).toEqual(["Software", "USDC · Hardhat, USDT · Hardhat", "Seller: 0x3c44…93bc"]);
    expect(get(`a[href="/profile/${SELLER}"]`)).toBeTruthy();
  });

  it("translates the labels on a Persian page but leaves the seller's own title to take its own direction", () => {
    const { get, container } = render(<ListingCard listing={{ ...listing, title: "مجوز ویرایش عکس" }} />, { locale: "fa", messages: fa });
    expect(get("h2").getAttribute("dir")).toBe("auto");
    expect(textOf(get("h2 a"))).toBe("مجوز ویرایش عکس");
    const lines = [...container.querySelectorAll(".card-body p:not(.price)")].map(textOf);
    expect(textOf(get(".price"))).toContain("$۱۲٫۵۰");
    expect(lines[0]).toBe(fa.Software);
    expect(lines[2]).toBe(`${fa.Seller}: 0x3c44…93bc`);
  });

  it("shows the first uploaded picture from the API, and the title's initial when there is none", () => {
    const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    const withImages = { ...listing, images: ["https://elsewhere.example/a.png", `ipfs://${cid}`, "ipfs://bafkreiother"] };
    const { get } = render(
      <RuntimeConfigProvider
        value={{ apiUrl: "http://api.test", rpcUrls: {}, walletConnectProjectId: null, localChain: true, caseRelay: null, bundlerUrls: {} }}
      >
        <ListingCard listing={withImages} />
      </RuntimeConfigProvider>,
    );
    expect(get("img.listing-thumb").getAttribute("src")).toBe(`http://api.test/listings/${listing.id}/images/${cid}`);

    const without = render(<ListingCard listing={listing} />);
    expect(textOf(without.get(".listing-thumb.placeholder"))).toBe("P");
  });
});
