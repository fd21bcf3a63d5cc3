import { ListingView } from "@/components/market/listing-view.tsx";

export default async function ListingPage({ params }: { params: Promise<{ id: string }> }) {
  return <ListingView id={(await params).id} />;
}
