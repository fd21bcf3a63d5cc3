// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {FallbackArbitrator} from "../src/FallbackArbitrator.sol";
import {IArbitrator} from "../src/interfaces/IERC792.sol";
import {RecordingArbitrable} from "./utils/EscrowProbes.sol";
import {Test} from "./utils/Test.sol";

/// @notice The owner-run ERC-792 fallback arbitrator on its own: free, numbered from 0, each
/// dispute ruled once, only by its owner, only with one of its choices (or 0, a refusal).
contract FallbackArbitratorTest is Test {
    address internal court = address(0xC0C7);
    address internal stranger = address(0xBAD);
    FallbackArbitrator internal arbitrator;
    RecordingArbitrable internal arbitrable;

    function setUp() public {
        arbitrator = new FallbackArbitrator(court);
        arbitrable = new RecordingArbitrable();
    }

    function test_createDispute_numbersDisputesFromZero() public {
        vm.expectEmit(true, true, true, true, address(arbitrator));
        emit IArbitrator.DisputeCreation(0, address(arbitrable));
        assertEq(arbitrable.open(arbitrator, 2), 0);
        assertEq(arbitrable.open(arbitrator, 2), 1);
        assertEq(arbitrator.arbitrableOf(0), address(arbitrable));
        assertEq(arbitrator.arbitrableOf(1), address(arbitrable));
        assertEq(arbitrator.arbitrableOf(2), address(0), "unknown");
        assertEq(arbitrator.owner(), court);
    }

    function test_createDispute_revertsIfPaid() public {
        vm.deal(address(this), 1);
        vm.expectRevert(abi.encodeWithSelector(FallbackArbitrator.FallbackNotFree.selector, 1));
        arbitrable.open{value: 1}(arbitrator, 2);
    }

    function test_arbitrationCost_isZero() public view {
        assertEq(arbitrator.arbitrationCost(""), 0);
        assertEq(arbitrator.arbitrationCost("court 1, 3 jurors"), 0);
    }

    function test_giveRuling_rulesOnTheArbitrableOnce() public {
        arbitrable.open(arbitrator, 2);
        uint256 id = arbitrable.open(arbitrator, 2);
        vm.expectEmit(true, true, true, true, address(arbitrator));
        emit FallbackArbitrator.RulingGiven(id, address(arbitrable), 2);
        vm.prank(court);
        arbitrator.giveRuling(id, 2);
        assertEq(arbitrable.rulings(), 1);
        assertEq(arbitrable.lastDisputeId(), id);
        assertEq(arbitrable.lastRuling(), 2);
        assertEq(arbitrable.lastArbitrator(), address(arbitrator));
        assertEq(arbitrator.arbitrableOf(id), address(0), "ruled");

        vm.expectRevert(abi.encodeWithSelector(FallbackArbitrator.FallbackUnknownDispute.selector, id));
        vm.prank(court);
        arbitrator.giveRuling(id, 1);
    }

    function test_giveRuling_refusalIsARuling() public {
        uint256 id = arbitrable.open(arbitrator, 2);
        vm.prank(court);
        arbitrator.giveRuling(id, 0);
        assertEq(arbitrable.rulings(), 1);
        assertEq(arbitrable.lastRuling(), 0);
    }

    function test_giveRuling_revertsIfUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(FallbackArbitrator.FallbackUnknownDispute.selector, 0));
        vm.prank(court);
        arbitrator.giveRuling(0, 1);
    }

    function test_giveRuling_revertsIfRulingAboveChoices() public {
        uint256 id = arbitrable.open(arbitrator, 2);
        vm.expectRevert(abi.encodeWithSelector(FallbackArbitrator.FallbackInvalidRuling.selector, id, 3, 2));
        vm.prank(court);
        arbitrator.giveRuling(id, 3);
    }

    function test_giveRuling_onlyOwner() public {
        uint256 id = arbitrable.open(arbitrator, 2);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        arbitrator.giveRuling(id, 1);
        assertEq(arbitrable.rulings(), 0);
    }
}
