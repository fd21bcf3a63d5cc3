// Demo listings for the dev stack: the two dev sellers bind their encryption keys and list a few
// digital products, each with a secret salt, the product's opening sealed to its seller's own key,
// as the web app does. Once.
import {
  commitProduct,
  deriveWalletKeys,
  encodeProductOpening,
  keyBindingMessage,
  keyDerivationMessage,
  publicKeysOf,
  seal,
} from "@p2p-escrow/protocol";
import { hardhat } from "viem/chains";
import { apiClient } from "../lib/api-client.ts";
import { devAccount } from "./accounts.ts";

interface DemoListing {
  title: string;
  description: string;
  category: string;
  price: string;
  stock: number | null;
  deliverable: string;
}

const CATALOGUE: Record<number, DemoListing[]> = {
  2: [
    {
      title: "Synthwave sample pack (2 GB, royalty-free)",
      description: "140 loops and one-shots at 24-bit/48 kHz. Delivered as a download link and licence key.",
      category: "digital-goods",
      price: "25",
      stock: null,
      deliverable: "https://files.example/synthwave-pack.zip\nLicence: SWP-7F3K-22QX-91LM",
    },
    {
      title: "Logo design: three concepts in 48 hours",
      description: "Three original logo concepts, two revision rounds, vector files on delivery.",
      category: "services",
      price: "120",
      stock: 5,
      deliverable: "Project brief accepted. Shared folder: https://files.example/logo-project",
    },
  ],
  4: [
    {
      title: "1-year VPN subscription code",
      description: "A one-year activation code for a no-logs VPN, redeemable worldwide.",
      category: "gift-cards",
      price: "35.50",
      stock: 10,
      deliverable: "Activation code: VPN-2J8D-KQ4M-77TR",
    },
    {
      title: "Indie roguelike: Steam key",
      description: "A Steam key for a roguelike deck-builder. Region free.",
      category: "software",
      price: "14.99",
      stock: 3,
      deliverable: "Steam key: 4X9QZ-1LMPA-88WQE",
    },
  ],
};

/** `siwe`: the web app's host and origin, which the API checks sign-in messages against. */
export async function seedDemoListings(
  apiUrl: string,
  log: (line: string) => void,
  siwe = { domain: "localhost:3000", uri: "http://localhost:3000" },
) {
  const { stablecoinsOf } = await import("../../contracts/deployed.ts");
  const accepted = stablecoinsOf(hardhat.id).map((s) => ({ chainId: hardhat.id, token: s.address }));
  const api = apiClient({ baseUrl: apiUrl, siweDomain: siwe.domain, siweUri: siwe.uri, chainId: hardhat.id });

  let created = 0;
  for (const [index, listings] of Object.entries(CATALOGUE)) {
    const account = devAccount(Number(index));
    const existing = await api.call<{ items: unknown[] }>("GET", `/listings?seller=${account.address}&limit=1`);
    if (existing.items.length > 0) continue;
    const token = await api.signIn(account);
    const keys = deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));
    const publicKeys = publicKeysOf(keys);
    const signature = await account.signMessage({ message: keyBindingMessage(account.address, publicKeys) });
    await api.call("PUT", "/profiles/me/keys", { ...publicKeys, signature }, token);
    for (const listing of listings) {
      const { opening, productHash } = commitProduct(new TextEncoder().encode(listing.deliverable));
      await api.call(
        "POST",
        "/listings",
        {
          title: listing.title,
          description: listing.description,
          category: listing.category,
          price: listing.price,
          stock: listing.stock,
          accepted,
          images: [],
          productHash,
          sealedDeliverable: seal(encodeProductOpening(opening), publicKeys.encryptionPublicKey, keys.encryption),
        },
        token,
      );
      created++;
    }
  }
  log(created > 0 ? `${created} listings created` : "demo listings already there");
}
