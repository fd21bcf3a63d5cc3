// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Test} from "./Test.sol";

/// @notice Deploys an ArbitratorPool bound to the test contract itself, which plays the escrow:
/// it opens, draws and closes draws and reports cases directly, so the pool is tested without
/// the escrow's dispute machinery. The default stake token has 6 decimals.
abstract contract PoolTestBase is Test {
    // ---------------------------------------------------------------- Parameters

    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant COOLDOWN = 7 days;
    uint256 internal constant SLASH_BPS = 1_000;
    uint256 internal constant BPS = 10_000;
    uint8 internal constant DECIMALS = 6;
    uint256 internal constant UNIT = 10 ** DECIMALS;
    uint256 internal constant MIN_STAKE = 500 * UNIT;
    /// @dev The pool's recovery period, floor and starting reputation; the pool keeps them internal.
    uint256 internal constant RECOVERY_PERIOD = 7 days;
    uint256 internal constant FLOOR = 20;
    uint256 internal constant INITIAL_REPUTATION = 50;

    // ---------------------------------------------------------------- Actors

    address internal owner = address(0x0A11CE);
    address internal buyer = address(0xB0B);
    address internal seller = address(0x5E11);
    address internal stranger = address(0xBAD);
    address internal treasury = address(0x7EA5);

    // ---------------------------------------------------------------- Deployment

    MockERC20 internal stakeToken;
    ArbitratorPool internal pool;
    /// @dev What each pool told its escrow (this contract) through setArbitratorFlag.
    mapping(address pool => mapping(address account => bool)) internal flagged;
    uint256 internal nextOrderId = 1;

    function setUp() public virtual {
        vm.warp(START);
        vm.roll(100);
        vm.label(owner, "owner");
        vm.label(buyer, "buyer");
        vm.label(seller, "seller");
        vm.label(stranger, "stranger");
        vm.label(treasury, "treasury");
        stakeToken = new MockERC20("Stake USD", "sUSD", DECIMALS);
        pool = _deploy(IERC20(address(stakeToken)), MIN_STAKE);
    }

    /// @dev The escrow's side of the flag the pool keeps for registered arbitrators.
    function setArbitratorFlag(address account, bool registered) external {
        flagged[msg.sender][account] = registered;
    }

    /// @dev Deploys a pool with the production parameters, bound to this contract as its escrow.
    function _deploy(IERC20 token, uint256 minStake) internal returns (ArbitratorPool p) {
        p = new ArbitratorPool(owner, token, minStake, COOLDOWN, SLASH_BPS, treasury);
        vm.prank(owner);
        p.bindEscrow(address(this));
    }

    // ---------------------------------------------------------------- Arbitrators

    function _fund(address account, uint256 amount) internal {
        stakeToken.mint(account, amount);
        vm.prank(account);
        stakeToken.approve(address(pool), amount);
    }

    function _register(address account, uint256 amount) internal {
        _fund(account, amount);
        vm.prank(account);
        pool.register(amount);
    }

    function _increaseStake(address account, uint256 amount) internal {
        _fund(account, amount);
        vm.prank(account);
        pool.increaseStake(amount);
    }

    function _requestUnstake(address account) internal {
        vm.prank(account);
        pool.requestUnstake();
    }

    function _recover(address account) internal {
        vm.prank(account);
        pool.recoverReputation();
    }

    /// @dev `count` accounts from `base` upward, each registered with `stake`.
    function _registerMany(uint160 base, uint256 count, uint256 stake) internal returns (address[] memory accounts) {
        accounts = new address[](count);
        for (uint256 i; i < count; ++i) {
            accounts[i] = address(base + uint160(i));
            _register(accounts[i], stake);
        }
    }

    // ---------------------------------------------------------------- Draws

    function _newOrder() internal returns (uint256 orderId) {
        orderId = nextOrderId++;
    }

    /// @dev Opens a draw for a new order and draws it at once with `seed`.
    function _assignCase(uint256 seed) internal returns (uint256 orderId, address arbitrator) {
        orderId = _newOrder();
        pool.openDraw(orderId);
        arbitrator = pool.assign(orderId, buyer, seller, seed);
    }

    /// @dev A fee in the 18-decimal scale reportMissed takes, from stake-token units.
    function _wad(uint256 units) internal pure returns (uint256) {
        return units * 10 ** (18 - DECIMALS);
    }

    function _weightFor(uint256 stake, uint256 reputation) internal pure returns (uint256) {
        return reputation < FLOOR || stake < MIN_STAKE ? 0 : (stake * reputation) / 100;
    }
}
