// The web app manifest (/manifest.webmanifest): name, colours and icons for "add to home screen".
import type { MetadataRoute } from "next";

export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "P2P Escrow",
    short_name: "P2P Escrow",
    description: "Buy and sell for stablecoins with the payment held in escrow on chain",
    start_url: "/marketplace",
    display: "standalone",
    background_color: "#f5f7fa",
    theme_color: "#0b6e63",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
