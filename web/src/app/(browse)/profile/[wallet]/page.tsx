import { ProfileView } from "@/components/profile/profile-view.tsx";

export default async function ProfilePage({ params }: { params: Promise<{ wallet: string }> }) {
  return <ProfileView wallet={(await params).wallet} />;
}
