import type { ReactNode } from "react";
import { SiteHeader } from "@/components/layout/site-header.tsx";
import { RealtimeProvider } from "@/lib/realtime/use-realtime.tsx";

// Browsing needs no wallet: these routes ship without wagmi and RainbowKit.
export default function BrowseLayout({ children }: { children: ReactNode }) {
  return (
    <RealtimeProvider>
      <SiteHeader />
      <main id="main" className="page">
        {children}
      </main>
    </RealtimeProvider>
  );
}
