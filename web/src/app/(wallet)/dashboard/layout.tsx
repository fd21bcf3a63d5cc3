import type { ReactNode } from "react";
import { DashboardHeader } from "@/components/dashboard/dashboard-header.tsx";

// Every dashboard tab opens with its heading and the tab bar; the pages hold only their content.
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <DashboardHeader />
      {children}
    </>
  );
}
