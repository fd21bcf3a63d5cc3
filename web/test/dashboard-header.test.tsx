// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DashboardHeader } from "@/components/dashboard/dashboard-header.tsx";
import { render, textOf } from "./render.tsx";

const navigation = vi.hoisted(() => ({ path: "/dashboard" }));
vi.mock("next/navigation", () => ({ usePathname: () => navigation.path }));

describe("DashboardHeader", () => {
  beforeEach(() => {
    navigation.path = "/dashboard";
  });

  it("heads each tab with its title and marks it current in the tab bar", () => {
    navigation.path = "/dashboard/earnings";
    const { get, container } = render(<DashboardHeader />);
    expect(textOf(get("h1"))).toBe("Earnings");
    expect(get("nav").getAttribute("aria-label")).toBe("Dashboard");
    expect(
      [...container.querySelectorAll("nav a")].map((a) => [textOf(a), a.getAttribute("href"), a.getAttribute("aria-current")]),
    ).toEqual([
      ["Overview", "/dashboard", null],
      ["My products", "/dashboard/products", null],
      ["Disputes", "/dashboard/disputes", null],
      ["Earnings", "/dashboard/earnings", "page"],
    ]);
  });

  it("heads the overview 'Dashboard'", () => {
    const { get } = render(<DashboardHeader />);
    expect(textOf(get("h1"))).toBe("Dashboard");
    expect(textOf(get('[aria-current="page"]'))).toBe("Overview");
  });

  it("leaves an order's page, which has its own heading, alone", () => {
    navigation.path = "/dashboard/orders/31337/7";
    const { container } = render(<DashboardHeader />);
    expect(container.innerHTML).toBe("");
  });
});
