import { NuqsAdapter } from "nuqs/adapters/next/app";

export default function StudioLayout({ children }: { children: React.ReactNode }) {
  return <NuqsAdapter>{children}</NuqsAdapter>;
}
