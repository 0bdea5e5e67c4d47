"use client";
// The analysis views shown as tabs under the predictions. Each view gets the last run and
// the model summary; to add one (spectra, Grad-CAM), append an entry to LAB_VIEWS.
import type { LabView } from "./view-types";
import { LayerExplorer } from "./layers/LayerExplorer";
import { LeViTView } from "./levit/LeViTView";
import { SpectraTab } from "./spectra/SpectraTab";
import { GradCamTab } from "./cam/GradCamTab";

export const LAB_VIEWS: LabView[] = [
  { id: "layers", label: "Layer explorer", Component: ({ result }) => <LayerExplorer result={result} /> },
  { id: "levit", label: "LeViT attention", Component: LeViTView, when: (s) => s.modelId.startsWith("levit-") },
  { id: "spectra", label: "Spectra", Component: SpectraTab },
  { id: "gradcam", label: "Grad-CAM", Component: GradCamTab },
];
