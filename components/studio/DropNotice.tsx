"use client";
// Lists URL parameters that were dropped on arrival. Every string shown is a whitelisted excerpt, rendered as
// text (React escapes it); nothing from the URL is ever set as HTML.
import type { Dropped } from "@/lib/url-state/codes";

const SHOWN = 8;

export function DropNotice({ dropped, onDismiss }: { dropped: Dropped[]; onDismiss: () => void }) {
  if (dropped.length === 0) return null;
  return (
    <div role="status" data-testid="url-dropped" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <div className="flex items-start justify-between gap-3">
        <p className="font-medium">
          {dropped.length} link parameter{dropped.length > 1 ? "s were" : " was"} invalid and dropped; the rest of the view was kept.
        </p>
        <button type="button" onClick={onDismiss} className="rounded px-2 text-amber-800 hover:bg-amber-100" aria-label="Dismiss">
          ×
        </button>
      </div>
      <ul className="mt-1 space-y-0.5 font-mono text-xs">
        {dropped.slice(0, SHOWN).map((d, i) => (
          <li key={i} data-testid="url-dropped-item">
            <span className="font-semibold">{d.code}</span> {d.key}={d.excerpt || "(empty)"} — {d.reason}
          </li>
        ))}
        {dropped.length > SHOWN && <li>…and {dropped.length - SHOWN} more</li>}
      </ul>
    </div>
  );
}
