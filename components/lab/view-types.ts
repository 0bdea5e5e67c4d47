// The contract between the lab's tab list (views.tsx) and each tab component. It lives apart from
// views.tsx, which imports every tab, so a tab can take its props without importing that list back.
import type { ComponentType } from "react";
import type { ModelSummary, RunResult } from "@/lib/runtime/protocol";

export interface LabViewProps {
  result: RunResult;
  summary: ModelSummary;
  names: string[] | null; // class names, null when the head has no known label set
}

export interface LabView {
  id: string;
  label: string;
  Component: ComponentType<LabViewProps>;
  /** Shown only for the models this accepts (every model when absent). */
  when?: (summary: ModelSummary) => boolean;
}
