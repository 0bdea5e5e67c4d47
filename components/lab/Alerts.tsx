"use client";
import type { Alert } from "./useLab";

export function Alerts({ alerts, onDismiss }: { alerts: Alert[]; onDismiss: (id: number) => void }) {
  if (alerts.length === 0) return null;
  return (
    <div className="space-y-2" aria-live="polite">
      {alerts.map((a) => (
        <div
          key={a.id}
          role={a.severity === "error" ? "alert" : "status"}
          data-testid={`alert-${a.code}`}
          className={`flex items-start gap-3 rounded-lg border px-3 py-2 text-sm ${
            a.severity === "error" ? "border-rose-300 bg-rose-50 text-rose-900" : "border-sky-300 bg-sky-50 text-sky-900"
          }`}
        >
          <span className="mt-0.5 font-mono text-xs font-semibold">{a.code}</span>
          <div className="min-w-0 flex-1">
            <p>{a.message}</p>
            <p className="text-xs opacity-80">{a.remedy}</p>
          </div>
          <button type="button" aria-label="Dismiss" onClick={() => onDismiss(a.id)} className="text-lg leading-none opacity-60 hover:opacity-100">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
