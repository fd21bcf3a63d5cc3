// The canonical addresses of contracts/account-abstraction.ts follow from the package's own bytecode:
// if an upgrade of @account-abstraction/contracts changed it, these fail before any deploy does.
import { createRequire } from "node:module";
import { type Abi, encodeDeployData, getContractAddress, type Hex, parseTransaction, recoverTransactionAddress } from "viem";
import { describe, expect, it } from "vitest";
import { AA_CONTRACTS, DETERMINISTIC_CONTRACTS, DETERMINISTIC_DEPLOYER } from "../../contracts/account-abstraction.ts";
import { bundlerUrlEnv, bundlerUrlOf, bundlerUrlsFrom, LOCAL_BUNDLER_URL } from "../../contracts/bundler.ts";

const require = createRequire(import.meta.url);
const artifact = (name: string) => require(`@account-abstraction/contracts/artifacts/${name}.json`) as { abi: Abi; bytecode: Hex };

describe("the canonical ERC-4337 deployment", () => {
  it.each(AA_CONTRACTS)("puts the package's %s at its canonical address through the deterministic deployer", (name) => {
    const { address, salt, args } = DETERMINISTIC_CONTRACTS[name];
    const { abi, bytecode } = artifact(name);
    const initCode = encodeDeployData({ abi, bytecode, args: args as never });
    expect(getContractAddress({ opcode: "CREATE2", from: DETERMINISTIC_DEPLOYER.address, salt, bytecode: initCode })).toBe(address);
  });

  it("creates the deterministic deployer from its presigned transaction, on any chain, for the gas money its signer is given", async () => {
    const { presignedTransaction, signer, address, signerFunding } = DETERMINISTIC_DEPLOYER;
    const tx = parseTransaction(presignedTransaction);
    expect(tx.chainId).toBeUndefined();
    expect(tx.nonce).toBe(0);
    expect(tx.gas! * tx.gasPrice!).toBe(signerFunding);
    expect(await recoverTransactionAddress({ serializedTransaction: presignedTransaction })).toBe(signer);
    expect(getContractAddress({ from: signer, nonce: 0n })).toBe(address);
  });
});

describe("BUNDLER_URL_<chainId>", () => {
  it("names each chain's bundler, and falls back to the dev stack's only for the local chain", () => {
    const env = { [bundlerUrlEnv(11155111)]: "https://bundler.example/sepolia", RPC_URL_1: "http://node" };
    expect(bundlerUrlOf(11155111, env)).toBe("https://bundler.example/sepolia");
    expect(bundlerUrlOf(31337, env)).toBe(LOCAL_BUNDLER_URL);
    expect(bundlerUrlOf(1, env)).toBeUndefined();
    expect(bundlerUrlsFrom(env)).toEqual({ 11155111: "https://bundler.example/sepolia" });
  });
});
