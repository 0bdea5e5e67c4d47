"use client";
// Copies the current view's link; the link is also shown so it can be copied by hand where the clipboard is
// not available.
import { useState } from "react";

export function CopyLink() {
  const [shown, setShown] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  async function copy() {
    const url = window.location.href;
    setShown(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="flex items-center gap-2">
      {shown && (
        <input readOnly value={shown} data-testid="copied-link" onFocus={(e) => e.target.select()} aria-label="link to this view"
          className="w-48 rounded border border-slate-300 px-1 py-0.5 text-[11px] sm:w-72" />
      )}
      <button type="button" onClick={() => void copy()} data-testid="copy-link" className="rounded bg-slate-800 px-3 py-1 text-xs font-medium text-white">
        {copied ? "Copied ✓" : "Copy link"}
      </button>
    </div>
  );
}
