import { NuqsAdapter } from "nuqs/adapters/next/app";

export default function PaperLayout({ children }: { children: React.ReactNode }) {
  return <NuqsAdapter>{children}</NuqsAdapter>;
}
