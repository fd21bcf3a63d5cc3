// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {IArbitratorPool} from "../../src/interfaces/IArbitratorPool.sol";
import {IRNG} from "../../src/interfaces/IRNG.sol";
import {DeterministicRNG} from "../../src/mocks/DeterministicRNG.sol";
import {MockBlocklistToken} from "../../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {MockFeeOnTransferToken} from "../../src/mocks/MockFeeOnTransferToken.sol";
import {MockUSDT} from "../../src/mocks/MockUSDT.sol";
import {P2PEscrow} from "../../src/P2PEscrow.sol";
import {EscrowHandler} from "../handlers/EscrowHandler.sol";
import {Test} from "../utils/Test.sol";

/// @notice The deployment every invariant suite fuzzes: four order tokens (plain with permit,
/// USDT-style, 1% fee-on-transfer, USDC-style blocklisting with permit, which is also the stake
/// token), five registered arbitrators that also trade, and a 0.5% protocol fee.
/// Each property lives in its own contract so that the runner can fuzz them in parallel.
abstract contract EscrowInvariantBase is Test {
    uint256 internal constant MIN_STAKE = 500e6;

    address internal owner = address(0x0A11CE);
    P2PEscrow internal escrow;
    ArbitratorPool internal pool;
    MockBlocklistToken internal bl;
    EscrowHandler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        MockERC20 usdc = new MockERC20("USD Coin", "USDC", 6);
        MockUSDT usdt = new MockUSDT(6);
        MockFeeOnTransferToken fot = new MockFeeOnTransferToken("Fee USD", "fUSD", 6, 100);
        bl = new MockBlocklistToken("Blocklist USD", "bUSD", 6);
        DeterministicRNG rng = new DeterministicRNG();

        pool = new ArbitratorPool(owner, IERC20(address(bl)), MIN_STAKE, 7 days, 1_000);
        escrow = new P2PEscrow(
            owner,
            IArbitratorPool(address(pool)),
            IRNG(address(rng)),
            24 hours,
            72 hours,
            7 days,
            500
        );
        vm.startPrank(owner);
        pool.bindEscrow(address(escrow));
        escrow.configureToken(address(usdc), true, 0);
        escrow.configureToken(address(usdt), true, 0);
        escrow.configureToken(address(fot), true, 0);
        escrow.configureToken(address(bl), true, 0);
        vm.stopPrank();

        uint256[] memory keys = new uint256[](5);
        for (uint256 i; i < keys.length; ++i) {
            keys[i] = 0x1000 + i;
        }
        address[] memory arbitrators = new address[](5);
        for (uint256 i; i < arbitrators.length; ++i) {
            arbitrators[i] = address(uint160(0xA4B1000 + i));
            bl.mint(arbitrators[i], 2 * MIN_STAKE);
            vm.startPrank(arbitrators[i]);
            bl.approve(address(pool), 2 * MIN_STAKE);
            pool.register(2 * MIN_STAKE);
            vm.stopPrank();
        }
        address[] memory fees = new address[](2);
        fees[0] = address(0xFEE1);
        fees[1] = address(0xFEE2);
        vm.prank(owner);
        escrow.setProtocolFee(50, fees[0]);

        handler = new EscrowHandler();
        handler.init(escrow, pool, rng, usdc, usdt, fot, bl, owner, keys, arbitrators, fees);

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](22);
        selectors[0] = EscrowHandler.createOrder.selector;
        selectors[1] = EscrowHandler.sellerConfirmDelivery.selector;
        selectors[2] = EscrowHandler.buyerConfirmReceived.selector;
        selectors[3] = EscrowHandler.cancelOrder.selector;
        selectors[4] = EscrowHandler.expireOrder.selector;
        selectors[5] = EscrowHandler.autoRelease.selector;
        selectors[6] = EscrowHandler.openDispute.selector;
        selectors[7] = EscrowHandler.expireRandomness.selector;
        selectors[8] = EscrowHandler.drawArbitrator.selector;
        selectors[9] = EscrowHandler.resolveDispute.selector;
        selectors[10] = EscrowHandler.replaceArbitrator.selector;
        selectors[11] = EscrowHandler.proposeSettlement.selector;
        selectors[12] = EscrowHandler.acceptSettlement.selector;
        selectors[13] = EscrowHandler.withdrawCredit.selector;
        selectors[14] = EscrowHandler.toggleBlocklist.selector;
        selectors[15] = EscrowHandler.setProtocolFee.selector;
        selectors[16] = EscrowHandler.warp.selector;
        selectors[17] = EscrowHandler.register.selector;
        selectors[18] = EscrowHandler.increaseStake.selector;
        selectors[19] = EscrowHandler.requestUnstake.selector;
        selectors[20] = EscrowHandler.withdrawStake.selector;
        selectors[21] = EscrowHandler.withdrawPoolCredit.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        excludeSender(address(0));
        excludeSender(address(handler));
        excludeSender(address(escrow));
        excludeSender(address(pool));
    }

    function _assertHeld(uint256 property, string memory what) internal view {
        assertEq(handler.violations() & property, 0, what);
    }
}
