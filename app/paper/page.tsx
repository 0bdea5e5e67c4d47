import type { Metadata } from "next";
import { Suspense } from "react";
import { PaperApp } from "@/components/paper/PaperApp";

export const metadata: Metadata = { title: "Paper Fig. 5 — Next-ViT Lab" };

export default function PaperPage() {
  return (
    <Suspense fallback={<p className="p-6 text-sm text-slate-500">Loading the figure…</p>}>
      <PaperApp />
    </Suspense>
  );
}
