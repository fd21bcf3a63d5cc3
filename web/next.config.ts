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
    // MetaMask's SDK (wagmi's metaMask connector, in RainbowKit's default wallets) require()s React
    // Native's storage inside a try in its browser bundle, reached only on React Native
    // (MetaMask/metamask-sdk#1390). Unresolved, every build warned, and `next dev` forwarded the
    // warning to the browser console on every page.
    webpackConfig.resolve.alias["@react-native-async-storage/async-storage"] = false;
    // ox loads `node:worker_threads` through a variable on purpose, so bundlers leave it alone: it
    // is Tempo's virtual-address mining in Node, reached through viem's chain list, never run by
    // this app. Said so, instead of a "critical dependency" warning on every build.
    webpackConfig.module.rules.push({
      test: /[\\/]ox[\\/]_esm[\\/]tempo[\\/]internal[\\/]virtualMasterPool\.js$/,
      parser: { exprContextCritical: false },
    });
    webpackConfig.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"] };
    return webpackConfig;
  },
};

export default config;
