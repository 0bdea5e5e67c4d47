// The studio's view state as a typed zod schema. Every value the URL parser returns satisfies it; the fuzz
// test checks that. String fields that reach the page (ids, tap paths) are whitelisted by regex here.
import { z } from "zod";
import { MODEL_ID_RE } from "./variant-codec";
import { MAX_STAGE_BLOCKS, MAX_VARIANTS, MIN_VARIANTS, officialVariant, type ModelRef } from "../studio/variant";

export const CAM_METHODS = ["gradcam", "gradcampp", "hirescam", "layercam", "eigencam"] as const;
export const CHART_IDS = ["curves", "depth", "grid", "cam", "cost", "latency", "scatter"] as const;
export const BACKENDS = ["auto", "wasm", "webgpu"] as const;
export const SCALES = ["log", "lin"] as const;
export type CamMethod = (typeof CAM_METHODS)[number];
export type ChartId = (typeof CHART_IDS)[number];
export type Backend = (typeof BACKENDS)[number];

export const GALLERY_ID_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const UPLOADED = "uploaded";
/** The average over every gallery image (spectra); travels as `img=gallery`. */
export const GALLERY_AVERAGE = "gallery";
export const TAP_RE = /^(?:stem|features\.(?:0|[1-9]\d{0,2})(?:\.(?:e_mhsa|mhca))?)$/;

const StageSchema = z.string().regex(new RegExp(`^[CT]{1,${MAX_STAGE_BLOCKS}}$`));
export const VariantSchema = z.object({
  size: z.enum(["S", "B", "L"]),
  rPct: z.number().int().min(0).max(100),
  stages: z.tuple([StageSchema, StageSchema, StageSchema, StageSchema]),
});
export const ModelRefSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("variant"), variant: VariantSchema }),
  z.object({ kind: z.literal("model"), id: z.string().regex(MODEL_ID_RE) }),
]);
export const ImageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("gallery"), id: z.string().regex(GALLERY_ID_RE).refine((s) => s !== UPLOADED && s !== GALLERY_AVERAGE) }),
  z.object({ kind: z.literal("uploaded") }),
  z.object({ kind: z.literal("average") }),
]);

export const StudioStateSchema = z.object({
  models: z.array(ModelRefSchema).min(MIN_VARIANTS).max(MAX_VARIANTS),
  image: ImageSchema.nullable(),
  layer: z.string().regex(TAP_RE).nullable(),
  channel: z.number().int().min(0).max(4095).nullable(),
  cam: z.enum(CAM_METHODS),
  cls: z.number().int().min(0).max(21_840).nullable(),
  charts: z.array(z.enum(CHART_IDS)),
  scale: z.enum(SCALES),
  overlay: z.boolean(),
  runs: z.number().int().min(1).max(50),
  backend: z.enum(BACKENDS),
  res: z.number().int().min(64).max(512).multipleOf(32),
});

export type StudioState = z.infer<typeof StudioStateSchema>;
export type ImageSource = z.infer<typeof ImageSchema>;

const v = (size: "S", rPct: number): ModelRef => ({ kind: "variant", variant: officialVariant(size, rPct) });

/** The paper's r comparison: 0, 0.75 (shipped), 1. */
export const DEFAULT_STATE: StudioState = {
  models: [v("S", 0), v("S", 75), v("S", 100)],
  image: null,
  layer: null,
  channel: null,
  cam: "gradcam",
  cls: null,
  charts: [...CHART_IDS],
  scale: "lin",
  overlay: false,
  runs: 10,
  backend: "auto",
  res: 224,
};
