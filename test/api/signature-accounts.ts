// Contract accounts for the wallet-signature tests. A real Safe (v1.4.1, its compiled artifacts from
// @safe-global/safe-contracts) with one owner and the CompatibilityFallbackHandler that answers
// ERC-1271 for it, created through the Safe's proxy factory as wallets create them: deployed, it
// signs by ERC-1271; not deployed yet, by ERC-6492 (the factory call wrapped around the owner's
// signature). And a contract that answers ERC-1271 with whatever value it was deployed with.
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  type Abi,
  type Address,
  concat,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  hashMessage,
  hashTypedData,
  http,
  pad,
  serializeErc6492Signature,
  zeroAddress,
} from "viem";
import { type LocalAccount, toAccount } from "viem/accounts";
import type { EscrowChain } from "../../scripts/lib/harness/escrow-chain.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAFE_ARTIFACTS = path.join(ROOT, "node_modules/@safe-global/safe-contracts/build/artifacts/contracts");

interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

const artifact = async (file: string): Promise<Artifact> => JSON.parse(await readFile(file, "utf8"));

/** What an account signs: a hash, EIP-191 or EIP-712 alike, as its `isValidSignature` is asked about it. */
export type HashSigner = (hash: Hex) => Promise<Hex>;

/** `address` as a viem account whose signatures `signHash` makes: what a smart wallet hands a dapp. */
export const contractAccount = (address: Address, signHash: HashSigner): LocalAccount =>
  toAccount({
    address,
    signMessage: ({ message }) => signHash(hashMessage(message)),
    signTypedData: (typedData) => signHash(hashTypedData(typedData as never)),
    signTransaction: () => Promise.reject(new Error("a contract account sends no transaction of its own")),
  });

export interface SafeAccount {
  address: Address;
  owner: LocalAccount;
  /** The proxy factory and its `createProxyWithNonce` call that deploys this Safe. */
  factory: Address;
  factoryData: Hex;
  /** The Safe as a viem account signing by ERC-1271: its owner signs the Safe's EIP-712 `SafeMessage`. */
  account: LocalAccount;
  /** The same, each signature wrapped for ERC-6492 with the factory call: what it signs before it is deployed. */
  counterfactual: LocalAccount;
  /** The Safe's ERC-1271 signature of `hash` made by `signer` (its owner unless given). */
  signHash: (hash: Hex, signer?: LocalAccount) => Promise<Hex>;
  /** Deploys the Safe through its factory. */
  deploy: () => Promise<void>;
  /** The Safe calls `to` with `data`, its owner sending the transaction (the owner's call approves it). */
  exec: (to: Address, data: Hex) => Promise<void>;
}

export async function safeFactory(chain: EscrowChain) {
  const [singleton, proxyFactory, handler] = await Promise.all([
    artifact(path.join(SAFE_ARTIFACTS, "Safe.sol/Safe.json")),
    artifact(path.join(SAFE_ARTIFACTS, "proxies/SafeProxyFactory.sol/SafeProxyFactory.json")),
    artifact(path.join(SAFE_ARTIFACTS, "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json")),
  ]);
  const deployer = createWalletClient({ account: chain.deployer.account, transport: http(chain.node.url) });
  const deploy = async ({ abi, bytecode }: Artifact, args: readonly unknown[] = []) => {
    const hash = await deployer.deployContract({ abi, bytecode, args, chain: null } as never);
    const receipt = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== "success" || !receipt.contractAddress) throw new Error("deployment reverted");
    return receipt.contractAddress;
  };
  const addresses = {
    singleton: await deploy(singleton),
    factory: await deploy(proxyFactory),
    handler: await deploy(handler),
  };
  let salt = 0n;

  /** A one-owner Safe of `owner` (a funded account, since it sends the Safe's transactions), not deployed yet. */
  async function safeOf(owner: LocalAccount): Promise<SafeAccount> {
    const initializer = encodeFunctionData({
      abi: singleton.abi,
      functionName: "setup",
      args: [[owner.address], 1n, zeroAddress, "0x", addresses.handler, zeroAddress, 0n, zeroAddress],
    });
    const createArgs = [addresses.singleton, initializer, ++salt] as const;
    const factoryData = encodeFunctionData({ abi: proxyFactory.abi, functionName: "createProxyWithNonce", args: createArgs });
    const { result } = await chain.client.simulateContract({
      address: addresses.factory,
      abi: proxyFactory.abi,
      functionName: "createProxyWithNonce",
      args: createArgs,
      account: chain.deployer.address,
    });
    const address = result as Address;
    // CompatibilityFallbackHandler.isValidSignature(bytes32, bytes) checks the owners' signatures of
    // the Safe's EIP-712 SafeMessage over the hash, on this chain and for this Safe.
    const signHash = (hash: Hex, signer: LocalAccount = owner) =>
      signer.signTypedData({
        domain: { chainId: chain.chainId, verifyingContract: address },
        types: { SafeMessage: [{ name: "message", type: "bytes" }] },
        primaryType: "SafeMessage",
        message: { message: hash },
      });
    const ownerWallet = createWalletClient({ account: owner, transport: http(chain.node.url) });
    const send = async (hash: Hex) => {
      const receipt = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    };
    return {
      address,
      owner,
      factory: addresses.factory,
      factoryData,
      account: contractAccount(address, (hash) => signHash(hash)),
      counterfactual: contractAccount(address, async (hash) =>
        serializeErc6492Signature({ address: addresses.factory, data: factoryData, signature: await signHash(hash) }),
      ),
      signHash,
      deploy: async () => send(await deployer.sendTransaction({ to: addresses.factory, data: factoryData, chain: null })),
      exec: async (to, data) => {
        // A signature "approved by the caller" (v = 1, r = the owner): the owner sends the transaction itself.
        const approved = concat([pad(owner.address), pad("0x0"), "0x01"]);
        const args = [to, 0n, data, 0, 0n, 0n, 0n, zeroAddress, zeroAddress, approved];
        await send(await ownerWallet.writeContract({ address, abi: singleton.abi, functionName: "execTransaction", args, chain: null }));
      },
    };
  }

  return { ...addresses, safeOf };
}

/** A contract whose `isValidSignature` answers `answer` to everything (contracts/src/mocks/MockERC1271Wallet.sol). */
export async function deployFixedAnswerWallet(chain: EscrowChain, answer: Hex): Promise<Address> {
  const mock = await artifact(path.join(ROOT, "artifacts/contracts/src/mocks/MockERC1271Wallet.sol/MockERC1271Wallet.json"));
  const deployer = createWalletClient({ account: chain.deployer.account, transport: http(chain.node.url) });
  const hash = await deployer.deployContract({ abi: mock.abi, bytecode: mock.bytecode, args: [answer], chain: null } as never);
  const receipt = await chain.client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (!receipt.contractAddress) throw new Error("MockERC1271Wallet was not deployed");
  return receipt.contractAddress;
}
