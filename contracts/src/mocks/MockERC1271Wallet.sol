// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A contract account whose ERC-1271 `isValidSignature` gives the same answer to every
/// question: the answer it was deployed with. Deployed with anything but the magic value
/// (0x1626ba7e) it is a wallet that answers wrong, which every signature check must refuse.
contract MockERC1271Wallet {
    bytes4 private immutable _answer;

    /// @param answer What `isValidSignature` returns, whatever it is asked.
    constructor(bytes4 answer) {
        _answer = answer;
    }

    /// @notice ERC-1271: `answer`, for every hash and signature.
    /// @return The answer this wallet was deployed with.
    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        return _answer;
    }
}
