// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RandomnessStatus} from "../types/Types.sol";

/// @title Two-step randomness for arbitrator draws
/// @notice A dispute requests randomness; a later transaction reads it once it is ready. Keeping
/// the two steps apart means nobody who sees the request can know the value that will answer it.
interface IRNG {
    /// @notice Asks for a random value.
    /// @return requestId What to pass to `randomnessOf`.
    function requestRandomness() external returns (uint256 requestId);

    /// @notice Reads the answer to a request.
    /// @param requestId A value returned by `requestRandomness`.
    /// @return status Pending, Ready, or Expired (request again).
    /// @return value The random value when Ready, else 0.
    function randomnessOf(uint256 requestId) external view returns (RandomnessStatus status, uint256 value);
}
