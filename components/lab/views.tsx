"use client";
// The analysis views shown as tabs under the predictions. Each view gets the last run and
// the model summary; to add one (spectra, Grad-CAM), append an entry to LAB_VIEWS.
import type { ComponentType } from "react";
import type { ModelSummary, RunResult } from "@/lib/runtime/protocol";
import { LayerExplorer } from "./layers/LayerExplorer";
import { LeViTView } from "./levit/LeViTView";
import { SpectraTab } from "./spectra/SpectraTab";
import { GradCamTab } from "./cam/GradCamTab";

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

export const LAB_VIEWS: LabView[] = [
  { id: "layers", label: "Layer explorer", Component: ({ result }) => <LayerExplorer result={result} /> },
  { id: "levit", label: "LeViT attention", Component: LeViTView, when: (s) => s.modelId.startsWith("levit-") },
  { id: "spectra", label: "Spectra", Component: SpectraTab },
  { id: "gradcam", label: "Grad-CAM", Component: GradCamTab },
];
