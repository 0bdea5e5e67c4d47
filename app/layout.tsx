import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Next-ViT Lab",
  description: "Next-ViT layer by layer in the browser: spectra, Grad-CAM and ablations",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
