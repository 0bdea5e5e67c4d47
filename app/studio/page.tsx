import type { Metadata } from "next";
import { Suspense } from "react";
import { StudioApp } from "@/components/studio/StudioApp";

export const metadata: Metadata = { title: "Ablation studio — Next-ViT Lab" };

export default function StudioPage() {
  return (
    <Suspense fallback={<p className="p-6 text-sm text-slate-500">Loading the studio…</p>}>
      <StudioApp />
    </Suspense>
  );
}
