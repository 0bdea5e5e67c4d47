// A NextViTConfig from user JSON (CLI --config files, saved studio variants). Accepts the
// official snake_case names and our camelCase ones; list fields may also be strings holding
// a JSON list (the fixtures' metadata stores them that way).
import { z } from "zod";
import { type NextViTConfig, PRESET_DEPTHS, type PresetName, nextvitConfig, officialStages, planNextViT } from "./config";
import { strategyStages } from "./strategies";

const list = z.preprocess((v) => (typeof v === "string" && v.trim().startsWith("[") ? JSON.parse(v) : v), z.array(z.number()));

const Schema = z
  .object({
    name: z.string(),
    preset: z.enum(["S", "B", "L"]),
    depths: list,
    stages: z.array(z.string()),
    strategy: z.string(),
    stem_chs: list,
    strides: list,
    sr_ratios: list,
    ncb_channels: list,
    ntb_channels: list,
    head_dim: z.number().int().positive(),
    mix_block_ratio: z.number().min(0).max(1),
    ncb_mlp_ratio: z.number().positive(),
    ntb_mlp_ratio: z.number().positive(),
    num_classes: z.number().int().positive(),
    bn_eps: z.number().positive(),
  })
  .partial();

const camelToSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function configFromJson(input: unknown): NextViTConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new Error("config must be a JSON object");
  const snake = Object.fromEntries(Object.entries(input).map(([k, v]) => [camelToSnake(k), v]));
  const parsed = Schema.safeParse(snake);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`config field "${issue.path.join(".")}": ${issue.message}`);
  }
  const c = parsed.data;
  const preset: PresetName = c.preset ?? "S";
  const depths = c.depths ?? [...PRESET_DEPTHS[preset]];
  let cfg = nextvitConfig(c.name ?? (c.depths ? `nextvit_custom` : `nextvit_${preset}`), [...PRESET_DEPTHS[preset]], {
    ...(c.stem_chs && { stemChs: c.stem_chs as [number, number, number] }),
    ...(c.strides && { strides: c.strides }),
    ...(c.sr_ratios && { srRatios: c.sr_ratios }),
    ...(c.ncb_channels && { ncbChannels: c.ncb_channels }),
    ...(c.ntb_channels && { ntbChannels: c.ntb_channels }),
    ...(c.head_dim !== undefined && { headDim: c.head_dim }),
    ...(c.mix_block_ratio !== undefined && { mixBlockRatio: c.mix_block_ratio }),
    ...(c.ncb_mlp_ratio !== undefined && { ncbMlpRatio: c.ncb_mlp_ratio }),
    ...(c.ntb_mlp_ratio !== undefined && { ntbMlpRatio: c.ntb_mlp_ratio }),
    ...(c.num_classes !== undefined && { numClasses: c.num_classes }),
    ...(c.bn_eps !== undefined && { bnEps: c.bn_eps }),
    stages: c.stages ?? officialStages(depths),
  });
  if (c.stem_chs && c.stem_chs.length !== 3) throw new Error(`config field "stem_chs": needs 3 widths, got ${c.stem_chs.length}`);
  if (c.strategy) cfg = { ...cfg, stages: strategyStages(c.strategy, cfg) };
  planNextViT(cfg);
  return cfg;
}
