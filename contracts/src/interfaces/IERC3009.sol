// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IERC3009
/// @notice The part of EIP-3009 ("Transfer With Authorization") the escrow calls: USDC's own
/// gasless transfer (Circle's FiatToken v2 and later), where a holder signs a transfer that only
/// its payee may execute.
interface IERC3009 {
    /// @notice Moves `value` from `from` to the caller, as `from` signed (EIP-712) for this payee.
    /// @dev Reverts unless `to` is `msg.sender`, the time is inside (`validAfter`, `validBefore`),
    /// and `nonce` is unused for `from`; it then marks the nonce used.
    /// @param from The payer, who signed.
    /// @param to The payee, which must be the caller.
    /// @param value Token units to move.
    /// @param validAfter Unix seconds after which the authorization is valid.
    /// @param validBefore Unix seconds before which the authorization is valid.
    /// @param nonce The payer's unique 32-byte nonce.
    /// @param v The signature's v.
    /// @param r The signature's r.
    /// @param s The signature's s.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;
}
