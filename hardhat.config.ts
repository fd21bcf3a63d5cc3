import { createRequire } from "node:module";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { defineConfig } from "hardhat/config";

// Hardhat cannot download compilers on machines without internet, so the pinned
// solc-js build from the npm registry is the compiler everywhere, CI included.
const soljson = createRequire(import.meta.url).resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatViem],
  solidity: {
    version: "0.8.30",
    path: soljson,
    settings: {
      // Cancun is the newest fork every supported chain runs; transient storage needs it.
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 20_000 },
    },
  },
  paths: {
    sources: "contracts/src",
    tests: { solidity: "contracts/test" },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
    },
  },
});
