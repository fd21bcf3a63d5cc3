import type { NextConfig } from "next";

const config: NextConfig = {
  // `next dev` (pnpm dev) and the browser tests' build each get their own output directory, so
  // neither overwrites the chunks a running `next start` serves from `.next`.
  distDir: process.env.WEB_DIST_DIR || ".next",
  // The contracts registry and the shared protocol are TypeScript sources with `.ts` imports.
  transpilePackages: ["@p2p-escrow/contracts", "@p2p-escrow/protocol"],
  reactStrictMode: true,
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.json" },
  webpack: (webpackConfig) => {
    // Optional Node-only dependencies of WalletConnect's logger and MetaMask's SDK: never bundled.
    webpackConfig.externals.push("pino-pretty", "lokijs", "encoding");
    // Optional peers of Coinbase's CDP SDK (x402 payments), reached through wagmi's Base Account
    // connector in the server build; RainbowKit never calls them.
    for (const name of ["@x402/core/client", "@x402/evm", "@x402/evm/exact/client", "@x402/evm/upto/client", "@x402/svm/exact/client"]) {
      webpackConfig.resolve.alias[name] = false;
    }
    webpackConfig.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"] };
    return webpackConfig;
  },
};

export default config;
