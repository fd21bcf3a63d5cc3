// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseAccount} from "@account-abstraction/contracts/core/BaseAccount.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {IStablecoinPaymaster} from "../../src/interfaces/IStablecoinPaymaster.sol";
import {Vm} from "./Vm.sol";

/// @notice The operation parameters the paymaster tests and the invariant handler share: at 1 gwei
/// and 3,000 tokens (6 decimals) per 1e18 wei, an operation of ~300k gas costs ~0.9 tokens.
abstract contract UserOpParams {
    uint256 internal constant GAS_PRICE = 1 gwei;
    uint128 internal constant PRICE = 3_000e6;
    uint128 internal constant MAX_TOKEN_COST = 5e6;
    uint256 internal constant QUOTE_TTL = 5 minutes;
    uint128 internal constant VERIFICATION_GAS = 200_000;
    uint128 internal constant CALL_GAS = 600_000;
    uint128 internal constant PM_VERIFICATION_GAS = 150_000;
    uint128 internal constant PM_POSTOP_GAS = 80_000;
    uint256 internal constant PRE_VERIFICATION_GAS = 60_000;
}

/// @notice What the paymaster tests and the invariant handlers share to build ERC-4337 operations:
/// the EntryPoint v0.8 deployed from its package's compiled artifact, the StablecoinPaymaster's
/// `paymasterAndData` layout, and account call data.
/// @dev Internal functions only, so that they are compiled into their caller: an invariant handler
/// links no library.
library UserOps {
    // forge-std's name for the cheatcode handle.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    string internal constant ENTRY_POINT_ARTIFACT =
        "node_modules/@account-abstraction/contracts/artifacts/EntryPoint.json";

    /// @dev The EntryPoint v0.8 as every chain runs it (the bytecode of its package's artifact).
    function deployEntryPoint() internal returns (IEntryPoint) {
        return IEntryPoint(deployFromArtifact(ENTRY_POINT_ARTIFACT));
    }

    function deployFromArtifact(string memory path) internal returns (address) {
        return create(vm.parseJsonBytes(vm.readFile(path), ".bytecode"));
    }

    function create(bytes memory initCode) internal returns (address deployed) {
        // CREATE of raw bytecode from an artifact: Solidity has no expression for it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            deployed := create(0, add(initCode, 0x20), mload(initCode))
        }
        require(deployed != address(0), "deployment failed");
    }

    /// @dev The StablecoinPaymaster's `paymasterAndData`: its address, its gas limits, the quote
    /// and the quote signer's signature (empty while the digest is computed).
    function paymasterAndData(
        address paymaster,
        uint128 verificationGas,
        uint128 postOpGas,
        IStablecoinPaymaster.Quote memory quote,
        bytes memory signature
    ) internal pure returns (bytes memory) {
        return
            abi.encodePacked(
                paymaster,
                verificationGas,
                postOpGas,
                quote.token,
                quote.validUntil,
                quote.validAfter,
                quote.price,
                quote.maxTokenCost,
                signature
            );
    }

    function batch(BaseAccount.Call[] memory calls) internal pure returns (bytes memory) {
        return abi.encodeCall(BaseAccount.executeBatch, (calls));
    }

    function accountCall(address target, bytes memory data) internal pure returns (BaseAccount.Call memory) {
        return BaseAccount.Call({target: target, value: 0, data: data});
    }
}
