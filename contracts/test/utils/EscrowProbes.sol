// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IArbitratorPool} from "../../src/interfaces/IArbitratorPool.sol";
import {IArbitrable, IArbitrator} from "../../src/interfaces/IERC792.sol";
import {IRNG} from "../../src/interfaces/IRNG.sol";
import {Arbitrator, RandomnessStatus} from "../../src/types/Types.sol";

/// @notice An RNG that answers every request at once and, when asked for randomness, records how
/// the pool saw one watched arbitrator at that moment: so a test can tell whether the escrow
/// requested randomness before or after it told the pool anything.
contract OrderingRNG is IRNG {
    IArbitratorPool public pool;
    address public watched;
    uint256 public requestCount;

    /// @notice What the pool reported at the last request.
    uint256 public seenReputation;
    uint256 public seenOpenCases;
    uint256 public seenStake;
    uint256 public seenOpenDraws;
    uint256 public seenWeight;

    /// @notice Watches `account` in `pool_` from now on.
    /// @param pool_ The pool to read.
    /// @param account The arbitrator to watch.
    function watch(IArbitratorPool pool_, address account) external {
        pool = pool_;
        watched = account;
    }

    /// @inheritdoc IRNG
    function requestRandomness() external returns (uint256) {
        if (address(pool) != address(0)) {
            Arbitrator memory a = pool.getArbitrator(watched);
            seenReputation = a.reputation;
            seenOpenCases = a.openCases;
            seenStake = a.stake;
            seenOpenDraws = pool.openDraws();
            seenWeight = pool.weightOf(watched);
        }
        return ++requestCount;
    }

    /// @inheritdoc IRNG
    function randomnessOf(uint256 requestId) external view returns (RandomnessStatus, uint256) {
        if (requestId == 0 || requestId > requestCount) return (RandomnessStatus.Pending, 0);
        return (RandomnessStatus.Ready, uint256(keccak256(abi.encode("ordering", requestId))));
    }
}

/// @notice An ERC-792 arbitrator that charges `cost` wei per dispute (as Kleros does) and rules
/// when a test tells it to.
contract PaidArbitrator is IArbitrator {
    uint256 public immutable cost;
    uint256 public disputes;
    mapping(uint256 disputeId => IArbitrable) public arbitrableOf;

    error PaidArbitratorWrongPayment(uint256 sent);

    constructor(uint256 cost_) {
        cost = cost_;
    }

    /// @inheritdoc IArbitrator
    function createDispute(uint256, bytes calldata) external payable returns (uint256 disputeId) {
        if (msg.value != cost) revert PaidArbitratorWrongPayment(msg.value);
        disputeId = disputes++;
        arbitrableOf[disputeId] = IArbitrable(msg.sender);
        emit DisputeCreation(disputeId, msg.sender);
    }

    /// @inheritdoc IArbitrator
    function arbitrationCost(bytes calldata) external view returns (uint256) {
        return cost;
    }

    /// @notice Rules on `disputeId`.
    /// @param disputeId The dispute.
    /// @param ruling The ruling.
    function giveRuling(uint256 disputeId, uint256 ruling) external {
        arbitrableOf[disputeId].rule(disputeId, ruling);
    }
}

/// @notice An ERC-792 arbitrable that records the rulings it receives.
contract RecordingArbitrable is IArbitrable {
    uint256 public rulings;
    uint256 public lastDisputeId;
    uint256 public lastRuling;
    address public lastArbitrator;

    /// @notice Opens a dispute with `choices` rulings at `arbitrator`.
    /// @param arbitrator The arbitrator.
    /// @param choices How many rulings beside 0.
    /// @return The arbitrator's id for it.
    function open(IArbitrator arbitrator, uint256 choices) external payable returns (uint256) {
        return arbitrator.createDispute{value: msg.value}(choices, "");
    }

    /// @inheritdoc IArbitrable
    function rule(uint256 disputeId, uint256 ruling) external {
        ++rulings;
        lastDisputeId = disputeId;
        lastRuling = ruling;
        lastArbitrator = msg.sender;
    }
}
