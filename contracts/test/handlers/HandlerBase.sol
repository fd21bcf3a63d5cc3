// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {P2PEscrow} from "../../src/P2PEscrow.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {DisputePhase, OrderStatus} from "../../src/types/Types.sol";
import {Vm} from "../utils/Vm.sol";
import {EscrowBooks} from "./EscrowBooks.sol";

/// @notice What every invariant handler shares: the books, the deployment read from them, the
/// clock re-applied before each call, and funding helpers.
/// @dev No immutables and no constructor arguments: the invariant runner finds a target's ABI by
/// matching its deployed code against the artifacts. `init` wires a handler up once.
abstract contract HandlerBase {
    // forge-std's name for the cheatcode handle.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    EscrowBooks public books;
    EscrowBooks.Deployment internal _d;
    P2PEscrow internal _escrow;
    ArbitratorPool internal _pool;

    function init(EscrowBooks books_) external {
        require(address(books) == address(0), "initialised");
        books = books_;
        _d = books_.deployment();
        _escrow = _d.escrow;
        _pool = _d.pool;
    }

    modifier step() {
        books.sync();
        _;
    }

    function _time() internal view returns (uint256) {
        return books.time();
    }

    function _mask(OrderStatus s) internal pure returns (uint256) {
        return 1 << uint256(s);
    }

    function _phase(DisputePhase p) internal pure returns (uint256) {
        return 1 << uint256(p);
    }

    /// @dev Gives `who` `amount` of `token` and the escrow an allowance for it (through zero for
    /// Tether's approve-race guard).
    function _fund(address token, address who, uint256 amount) internal {
        MockERC20(token).mint(who, amount);
        vm.startPrank(who);
        if (token == address(_d.usdt)) {
            _d.usdt.approve(address(_escrow), 0);
            _d.usdt.approve(address(_escrow), amount);
        } else {
            MockERC20(token).approve(address(_escrow), amount);
        }
        vm.stopPrank();
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (x >= min && x <= max) return x;
        return min + (x % (max - min + 1));
    }
}
