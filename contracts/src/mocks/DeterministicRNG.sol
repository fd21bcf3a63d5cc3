// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRNG} from "../interfaces/IRNG.sol";
import {RandomnessStatus} from "../types/Types.sol";

/// @notice Test RNG: every request is answered at once with keccak256(seed, requestId), unless a
/// test has set that request Pending or Expired to exercise those paths.
contract DeterministicRNG is IRNG {
    uint256 public seed;
    uint256 public requestCount;
    mapping(uint256 requestId => RandomnessStatus) public forcedStatus;
    mapping(uint256 requestId => bool) public isForced;

    function setSeed(uint256 newSeed) external {
        seed = newSeed;
    }

    function force(uint256 requestId, RandomnessStatus status) external {
        forcedStatus[requestId] = status;
        isForced[requestId] = true;
    }

    function requestRandomness() external returns (uint256) {
        return ++requestCount;
    }

    function randomnessOf(uint256 requestId) external view returns (RandomnessStatus, uint256) {
        if (requestId == 0 || requestId > requestCount) return (RandomnessStatus.Pending, 0);
        if (isForced[requestId] && forcedStatus[requestId] != RandomnessStatus.Ready) {
            return (forcedStatus[requestId], 0);
        }
        return (RandomnessStatus.Ready, uint256(keccak256(abi.encode(seed, requestId))));
    }
}
