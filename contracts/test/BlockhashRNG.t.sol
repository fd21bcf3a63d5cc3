// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BlockhashRNG} from "../src/BlockhashRNG.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {IRNG} from "../src/interfaces/IRNG.sol";
import {RandomnessStatus} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

contract BlockhashRNGTest is EscrowTestBase {
    uint256 internal constant LOOKAHEAD = 5;
    BlockhashRNG internal bhRng;

    function setUp() public override {
        super.setUp();
        vm.roll(1_000);
        bhRng = new BlockhashRNG(LOOKAHEAD);
    }

    function _status(uint256 requestId) internal view returns (RandomnessStatus status, uint256 value) {
        return bhRng.randomnessOf(requestId);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_revertsIfLookaheadZero() public {
        vm.expectRevert(abi.encodeWithSelector(BlockhashRNG.RNGInvalidLookahead.selector, 0));
        new BlockhashRNG(0);
    }

    function test_constructor_revertsIfLookaheadAbove128() public {
        vm.expectRevert(abi.encodeWithSelector(BlockhashRNG.RNGInvalidLookahead.selector, 129));
        new BlockhashRNG(129);
    }

    function testFuzz_constructor_lookaheadRange(uint256 lookahead) public {
        lookahead = bound(lookahead, 0, 1_000);
        if (lookahead == 0 || lookahead > 128) {
            vm.expectRevert(abi.encodeWithSelector(BlockhashRNG.RNGInvalidLookahead.selector, lookahead));
            new BlockhashRNG(lookahead);
        } else {
            assertEq(new BlockhashRNG(lookahead).lookahead(), lookahead);
        }
    }

    // ---------------------------------------------------------------- requestRandomness / randomnessOf

    function test_requestRandomness_returnsAFutureBlock() public view {
        assertEq(bhRng.requestRandomness(), block.number + LOOKAHEAD);
    }

    function test_randomnessOf_pendingUntilTheBlockIsMined() public {
        uint256 requestId = bhRng.requestRandomness();
        (RandomnessStatus status, uint256 value) = _status(requestId);
        assertEq(uint256(status), uint256(RandomnessStatus.Pending));
        assertEq(value, 0);
        // The answering block itself is still pending: its hash is not known inside it.
        vm.roll(requestId);
        (status, value) = _status(requestId);
        assertEq(uint256(status), uint256(RandomnessStatus.Pending));
        assertEq(value, 0);
    }

    function test_randomnessOf_readyAfterTheBlock() public {
        uint256 requestId = bhRng.requestRandomness();
        vm.roll(requestId + 1);
        (RandomnessStatus status, uint256 value) = _status(requestId);
        assertEq(uint256(status), uint256(RandomnessStatus.Ready));
        assertEq(value, uint256(blockhash(requestId)));
        assertTrue(value != 0);
    }

    function test_randomnessOf_readyFor256Blocks() public {
        uint256 requestId = bhRng.requestRandomness();
        vm.roll(requestId + 256);
        (RandomnessStatus status, ) = _status(requestId);
        assertEq(uint256(status), uint256(RandomnessStatus.Ready));
    }

    function test_randomnessOf_expiredAfter256Blocks() public {
        uint256 requestId = bhRng.requestRandomness();
        vm.roll(requestId + 257);
        (RandomnessStatus status, uint256 value) = _status(requestId);
        assertEq(uint256(status), uint256(RandomnessStatus.Expired));
        assertEq(value, 0);
    }

    function testFuzz_randomnessOf_statusByBlock(uint256 blocksLater) public {
        blocksLater = bound(blocksLater, 0, 1_000);
        uint256 requestId = bhRng.requestRandomness();
        vm.roll(block.number + blocksLater);
        (RandomnessStatus status, ) = _status(requestId);
        RandomnessStatus expected =
            block.number <= requestId
                ? RandomnessStatus.Pending
                : block.number - requestId <= 256
                    ? RandomnessStatus.Ready
                    : RandomnessStatus.Expired;
        assertEq(uint256(status), uint256(expected));
    }

    // ---------------------------------------------------------------- With the escrow

    function _escrowWithBlockhashRng() internal {
        (pool, escrow, fallbackArb) = _deploy(IERC20(address(stakeToken)), MIN_STAKE, IRNG(address(bhRng)), true);
        _configure(address(usdc));
        _registerArbitrators(3);
    }

    function test_drawArbitrator_waitsForTheLookaheadBlock() public {
        _escrowWithBlockhashRng();
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        _fundDeposit(id, seller);
        uint256 requestId = block.number + LOOKAHEAD;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, requestId, 0, block.timestamp + DRAW_WINDOW);
        vm.prank(seller);
        escrow.payDisputeFee(id);
        assertEq(escrow.getDispute(id).randomnessRequest, requestId);

        vm.roll(requestId);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowRandomnessPending.selector, id, requestId));
        _draw(id);

        vm.roll(requestId + 1);
        address arbitrator = _draw(id);
        assertTrue(arbitrator != address(0));
        assertEq(escrow.getDispute(id).arbitrator, arbitrator);
    }

    function test_drawArbitrator_rerequestsAfterBlockhashExpired() public {
        _escrowWithBlockhashRng();
        uint256 id = _confirmedOrder();
        _toDisputed(id);
        uint256 requestId = escrow.getDispute(id).randomnessRequest;

        uint256 fallbackAt = escrow.deadlineOf(id);
        vm.roll(requestId + 257);
        uint256 newRequest = block.number + LOOKAHEAD;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, newRequest, 0, fallbackAt);
        assertEq(_draw(id), address(0), "nobody drawn on expiry");
        assertEq(escrow.getDispute(id).randomnessRequest, newRequest);
        assertEq(escrow.getDispute(id).arbitrator, address(0));

        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowRandomnessPending.selector, id, newRequest));
        _draw(id);
        vm.roll(newRequest + 1);
        assertTrue(_draw(id) != address(0));
    }

    function test_replaceArbitrator_requestsFreshBlockhash() public {
        _escrowWithBlockhashRng();
        uint256 id = _confirmedOrder();
        _toDisputed(id);
        vm.roll(block.number + LOOKAHEAD + 1);
        address first = _draw(id);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        uint256 newRequest = block.number + LOOKAHEAD;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, newRequest, 1, block.timestamp + DRAW_WINDOW);
        escrow.replaceArbitrator(id);
        vm.roll(newRequest + 1);
        address second = _draw(id);
        assertTrue(second != first && second != address(0));
    }
}
