// What the lab ships (public/models/manifest.json) and where each model comes from. The
// schema is the contract between the manifest file, the UI and the worker: a model with
// `weights.kind === "random"` is architecture and latency only, and the UI must say so.
import { z } from "zod";

// zod probes for eval with Function("") before its first object parse; the lab's CSP forbids
// eval, so the probe would be reported as a violation. jitless skips the probe (same results).
z.config({ jitless: true });

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex sha256");

export const PreprocessSchema = z.object({
  size: z.number().int().min(32).max(1024),
  cropPct: z.number().gt(0).max(1),
  interpolation: z.literal("bicubic"),
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
});

export const WeightsSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("random"),
    seed: z.number().int().nonnegative(),
    note: z.string(),
  }),
  z.object({
    kind: z.literal("file"),
    url: z.string().min(1),
    sha256,
    bytes: z.number().int().positive(),
    format: z.enum(["safetensors", "pth"]),
    layout: z.enum(["official", "timm"]),
  }),
]);

const entryCommon = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  numClasses: z.number().int().positive(),
  labels: z.enum(["imagenet", "imagenette"]),
  resolutions: z.array(z.number().int().min(32)).min(1),
  preprocess: PreprocessSchema,
  weights: WeightsSchema,
  trainedOn: z.string().nullable(), // null = untrained
  accuracy: z.object({ dataset: z.string(), top1: z.number().min(0).max(100), source: z.string() }).nullable(),
  storage: z.string(), // how the weights travel: built in the browser, safetensors fp16, ...
  params: z.number().int().positive().optional(),
  paper: z.object({ top1ImageNet: z.number(), source: z.string() }).optional(),
  // Trained models: how the weights were made (written by training/export.py from the run's log).
  training: z
    .object({
      dataset: z.string(),
      trainSizes: z.array(z.number().int().positive()).min(1), // input size of every epoch, in order
      evalSize: z.number().int().positive(),
      recipe: z.string(), // the recipe in words
      recipeName: z.string().min(1), // its name in training/recipes.py ("a then b" for a warm-started run)
      epochs: z.number().int().positive(),
      wallMinutes: z.number().nonnegative(),
      machine: z.string(),
      seed: z.number().int(),
      pytorchValTop1: z.number().min(0).max(100).nullable(), // the trainer's own val measurement
      weightsFrom: z.string(),
      log: z.string(), // the full training log, in the repository
    })
    .optional(),
};

export const NextVitEntrySchema = z.object({
  ...entryCommon,
  family: z.literal("nextvit"),
  size: z.enum(["S", "B", "L"]),
  // Overrides on nextvitPreset(size); empty for the paper's configurations.
  config: z.record(z.string(), z.unknown()),
});

// The comparison models (lib/baselines/registry.ts): `arch` is the registry id.
export const BaselineEntrySchema = z.object({
  ...entryCommon,
  family: z.enum(["levit", "resnet", "swin"]),
  arch: z.string(),
  size: z.undefined().optional(), // keeps `entry.size` readable on every entry (undefined here)
  // Swin: { window: n } builds Swin-T with that window at the selected resolution.
  config: z.record(z.string(), z.unknown()),
});

export const ModelEntrySchema = z.discriminatedUnion("family", [NextVitEntrySchema, BaselineEntrySchema]);

export const ManifestSchema = z.object({
  version: z.literal(1),
  labelSets: z.object({ imagenet: z.string(), imagenette: z.string() }),
  models: z.array(ModelEntrySchema).min(1),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export type NextVitEntry = z.infer<typeof NextVitEntrySchema>;
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>;
export type PreprocessSpec = z.infer<typeof PreprocessSchema>;

export function parseManifest(json: unknown): Manifest {
  const r = ManifestSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`models/manifest.json is invalid at ${first.path.join(".") || "(root)"}: ${first.message}`);
  }
  const ids = new Set<string>();
  for (const m of r.data.models) {
    if (ids.has(m.id)) throw new Error(`models/manifest.json lists the model id "${m.id}" twice`);
    ids.add(m.id);
  }
  return r.data;
}

export function isUntrained(m: ModelEntry): boolean {
  return m.weights.kind === "random";
}
