// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SimpleAccountFactory} from "@account-abstraction/contracts/accounts/SimpleAccountFactory.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {FallbackArbitrator} from "../../src/FallbackArbitrator.sol";
import {IArbitratorPool} from "../../src/interfaces/IArbitratorPool.sol";
import {IArbitrator} from "../../src/interfaces/IERC792.sol";
import {IRNG} from "../../src/interfaces/IRNG.sol";
import {DeterministicRNG} from "../../src/mocks/DeterministicRNG.sol";
import {MockBlocklistToken} from "../../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {MockFeeOnTransferToken} from "../../src/mocks/MockFeeOnTransferToken.sol";
import {MockUSDT} from "../../src/mocks/MockUSDT.sol";
import {P2PEscrow} from "../../src/P2PEscrow.sol";
import {StablecoinPaymaster} from "../../src/StablecoinPaymaster.sol";
import {IStablecoinPaymaster} from "../../src/interfaces/IStablecoinPaymaster.sol";
import {Windows} from "../../src/types/Types.sol";
import {DisputeHandler} from "../handlers/DisputeHandler.sol";
import {EscrowBooks} from "../handlers/EscrowBooks.sol";
import {OrderHandler} from "../handlers/OrderHandler.sol";
import {PoolHandler} from "../handlers/PoolHandler.sol";
import {UserOpHandler} from "../handlers/UserOpHandler.sol";
import {Test} from "../utils/Test.sol";
import {UserOps} from "../utils/UserOps.sol";

/// @notice The deployment every invariant suite fuzzes: four order tokens (plain with permit,
/// USDT-style, 1% fee-on-transfer, USDC-style blocklisting with permit, which is also the stake
/// token), each with a 10-token minimum order and a 2-token minimum fee; five registered
/// arbitrators that also trade; an owner-run fallback arbitrator; a slash recipient; and a 0.5%
/// protocol fee; and the EntryPoint v0.8 with two SimpleAccounts that trade through it, their gas
/// paid by a StablecoinPaymaster in USDC or USDT. Each property lives in its own contract so that the runner can fuzz them in
/// parallel.
abstract contract EscrowInvariantBase is Test {
    uint256 internal constant MIN_STAKE = 500e6;
    uint256 internal constant QUOTE_SIGNER_KEY = 0x516E;
    uint256 internal constant WALLET_OWNER_KEY = 0xA11;

    address internal owner = address(0x0A11CE);
    address internal court = address(0xC0C7);
    address internal treasury = address(0x7EA5);
    P2PEscrow internal escrow;
    ArbitratorPool internal pool;
    MockBlocklistToken internal bl;
    EscrowBooks internal books;
    OrderHandler internal orders;
    DisputeHandler internal disputes;
    PoolHandler internal arbitration;
    IEntryPoint internal entryPoint;
    StablecoinPaymaster internal paymaster;
    UserOpHandler internal userOps;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        EscrowBooks.Deployment memory d;
        d.usdc = new MockERC20("USD Coin", "USDC", 6);
        d.usdt = new MockUSDT(6);
        d.fot = new MockFeeOnTransferToken("Fee USD", "fUSD", 6, 100);
        d.bl = bl = new MockBlocklistToken("Blocklist USD", "bUSD", 6);
        d.rng = new DeterministicRNG();
        d.fallbackArb = new FallbackArbitrator(court);
        d.owner = owner;
        d.court = court;
        d.treasury = treasury;

        d.pool = pool = new ArbitratorPool(owner, IERC20(address(bl)), MIN_STAKE, 7 days, 1_000, treasury);
        d.escrow =
            escrow = new P2PEscrow(
                owner,
                IArbitratorPool(address(pool)),
                IRNG(address(d.rng)),
                IArbitrator(address(d.fallbackArb)),
                Windows({seller: 24 hours, buyer: 72 hours, response: 48 hours, draw: 24 hours, arbitration: 7 days}),
                500
            );
        vm.startPrank(owner);
        pool.bindEscrow(address(escrow));
        escrow.configureToken(address(d.usdc), true, 10e6, 0, 2e6);
        escrow.configureToken(address(d.usdt), true, 10e6, 0, 2e6);
        escrow.configureToken(address(d.fot), true, 10e6, 0, 2e6);
        escrow.configureToken(address(bl), true, 10e6, 0, 2e6);
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

        books = new EscrowBooks();
        books.init(d, keys, arbitrators, fees);
        // Two relayers submit the orders paid by EIP-3009 authorization.
        books.addRelayer(address(0x9E1A7001));
        books.addRelayer(address(0x9E1A7002));
        orders = new OrderHandler();
        disputes = new DisputeHandler();
        arbitration = new PoolHandler();
        orders.init(books);
        disputes.init(books);
        arbitration.init(books);
        _setUpUserOps(d);

        bytes4[] memory orderCalls = new bytes4[](11);
        orderCalls[0] = OrderHandler.createOrder.selector;
        orderCalls[1] = OrderHandler.sellerConfirmDelivery.selector;
        orderCalls[2] = OrderHandler.buyerConfirmReceived.selector;
        orderCalls[3] = OrderHandler.cancelOrder.selector;
        orderCalls[4] = OrderHandler.expireOrder.selector;
        orderCalls[5] = OrderHandler.autoRelease.selector;
        orderCalls[6] = OrderHandler.withdrawCredit.selector;
        orderCalls[7] = OrderHandler.toggleBlocklist.selector;
        orderCalls[8] = OrderHandler.setProtocolFee.selector;
        orderCalls[9] = OrderHandler.warp.selector;
        orderCalls[10] = OrderHandler.createOrderWithAuthorization.selector;
        bytes4[] memory disputeCalls = new bytes4[](14);
        disputeCalls[0] = DisputeHandler.openDispute.selector;
        disputeCalls[1] = DisputeHandler.payDisputeFee.selector;
        disputeCalls[2] = DisputeHandler.resolveUnanswered.selector;
        disputeCalls[3] = DisputeHandler.expireRandomness.selector;
        disputeCalls[4] = DisputeHandler.drawArbitrator.selector;
        disputeCalls[5] = DisputeHandler.resolveDispute.selector;
        disputeCalls[6] = DisputeHandler.lateRuling.selector;
        disputeCalls[7] = DisputeHandler.replaceArbitrator.selector;
        disputeCalls[8] = DisputeHandler.escalate.selector;
        disputeCalls[9] = DisputeHandler.fallbackRule.selector;
        disputeCalls[10] = DisputeHandler.proposeSettlement.selector;
        disputeCalls[11] = DisputeHandler.withdrawSettlement.selector;
        disputeCalls[12] = DisputeHandler.acceptSettlement.selector;
        disputeCalls[13] = DisputeHandler.acceptLapsedOffer.selector;
        bytes4[] memory poolCalls = new bytes4[](6);
        poolCalls[0] = PoolHandler.register.selector;
        poolCalls[1] = PoolHandler.increaseStake.selector;
        poolCalls[2] = PoolHandler.requestUnstake.selector;
        poolCalls[3] = PoolHandler.withdrawStake.selector;
        poolCalls[4] = PoolHandler.withdrawPoolCredit.selector;
        poolCalls[5] = PoolHandler.applyQueuedWeights.selector;

        targetContract(address(orders));
        targetContract(address(disputes));
        targetContract(address(arbitration));
        targetContract(address(userOps));
        targetSelector(FuzzSelector({addr: address(orders), selectors: orderCalls}));
        targetSelector(FuzzSelector({addr: address(disputes), selectors: disputeCalls}));
        targetSelector(FuzzSelector({addr: address(arbitration), selectors: poolCalls}));
        targetSelector(FuzzSelector({addr: address(userOps), selectors: _userOpCalls()}));
        excludeSender(address(0));
        excludeSender(address(books));
        excludeSender(address(orders));
        excludeSender(address(disputes));
        excludeSender(address(arbitration));
        excludeSender(address(userOps));
        excludeSender(address(entryPoint));
        excludeSender(address(paymaster));
        excludeSender(address(escrow));
        excludeSender(address(pool));
    }

    /// @dev The EntryPoint, a staked and funded paymaster taking USDC and USDT at the quote
    /// signer's quotes, and two SimpleAccounts that have approved it for both (as their first
    /// operation would have), wired into UserOpHandler and counted by the books.
    function _setUpUserOps(EscrowBooks.Deployment memory d) internal {
        entryPoint = UserOps.deployEntryPoint();
        paymaster = new StablecoinPaymaster(
            entryPoint,
            owner,
            vm.addr(QUOTE_SIGNER_KEY),
            IStablecoinPaymaster.Limits({
                maxCostPerOp: 0.01 ether,
                postOpOverheadGas: 45_000,
                maxQuoteTtl: 5 minutes,
                throttleDuration: 1 hours,
                maxPendingPerSender: 4,
                maxUnpaidPerSender: 1,
                failureThreshold: 3
            })
        );
        vm.deal(owner, 11 ether);
        vm.startPrank(owner);
        paymaster.setToken(address(d.usdc), true);
        paymaster.setToken(address(d.usdt), true);
        paymaster.deposit{value: 10 ether}();
        paymaster.addStake{value: 1 ether}(1 days);
        vm.stopPrank();

        SimpleAccountFactory factory = new SimpleAccountFactory(entryPoint);
        address[] memory wallets = new address[](2);
        for (uint256 i; i < wallets.length; ++i) {
            // The factory only creates accounts for the EntryPoint's SenderCreator.
            vm.prank(address(entryPoint.senderCreator()));
            wallets[i] = address(factory.createAccount(vm.addr(WALLET_OWNER_KEY), i));
            vm.startPrank(wallets[i]);
            d.usdc.approve(address(paymaster), type(uint256).max);
            d.usdt.approve(address(paymaster), type(uint256).max);
            vm.stopPrank();
            books.addAccount(wallets[i]);
        }
        userOps = new UserOpHandler();
        userOps.init(books);
        userOps.wire(entryPoint, paymaster, wallets, WALLET_OWNER_KEY, QUOTE_SIGNER_KEY);
    }

    function _userOpCalls() internal pure returns (bytes4[] memory calls) {
        calls = new bytes4[](6);
        calls[0] = UserOpHandler.buy.selector;
        calls[1] = UserOpHandler.sellerConfirmDelivery.selector;
        calls[2] = UserOpHandler.buyerConfirmReceived.selector;
        calls[3] = UserOpHandler.cancelOrder.selector;
        calls[4] = UserOpHandler.openDispute.selector;
        calls[5] = UserOpHandler.revokePaymaster.selector;
    }

    function _assertHeld(uint256 property, string memory what) internal view {
        assertEq(books.violations() & property, 0, what);
    }
}
