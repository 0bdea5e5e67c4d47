export { DeltaLogACurves, type DeltaLogACurvesProps } from "./DeltaLogACurves";
export { DepthChart, type DepthChartProps } from "./DepthChart";
export { SpectraGrid, type SpectraGridProps } from "./SpectraGrid";
export { ExportMenu, type ExportMenuProps } from "./ExportMenu";
export { type FreqAxis, type SpectraSeries } from "./types";
// Stack3D pulls in three.js: import it directly from "./Stack3D" (client-only) where needed.
