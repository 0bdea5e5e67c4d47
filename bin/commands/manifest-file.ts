// The manifest as the CLI reads it from disk: the same file the app serves, with every URL in it
// ("/models/x.safetensors") resolved against the manifest folder's parent, as Next serves public/.
// Weights are checked against the manifest's sha256 before anything is built from them, as the
// lab's worker does.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { LabCliError } from "../errors";
import { type Manifest, type ModelEntry, parseManifest } from "../../lib/runtime/manifest";

export const DEFAULT_MANIFEST = "public/models/manifest.json";

export interface ManifestFile {
  path: string;
  manifest: Manifest;
  /** The file as plain JSON (no schema defaults or stripping): what --record rewrites. */
  raw: { models: Array<Record<string, unknown>> } & Record<string, unknown>;
  /** The exact text, to tell whether it was in the lab's canonical format. */
  text: string;
}

export interface LabelFile {
  names: string[];
  wnids?: string[];
}

export function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

export function readManifestFile(path = DEFAULT_MANIFEST): ManifestFile {
  if (!existsSync(path)) throw new LabCliError(`manifest ${path} does not exist (run from the repository root, or pass --manifest)`);
  const text = readFileSync(path, "utf8");
  let raw: ManifestFile["raw"];
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LabCliError(`manifest ${path}: not valid JSON (${oneLine(e)})`);
  }
  try {
    return { path, manifest: parseManifest(raw), raw, text };
  } catch (e) {
    throw new LabCliError(`manifest ${path}: ${oneLine(e)}`);
  }
}

export function findEntry(mf: ManifestFile, id: string): ModelEntry {
  const entry = mf.manifest.models.find((m) => m.id === id);
  if (!entry) throw new LabCliError(`--model ${id}: no such model in ${mf.path}; its models are ${mf.manifest.models.map((m) => m.id).join(", ")}`);
  return entry;
}

/** A site URL of the manifest ("/models/x") as a file path: public/ is the manifest folder's parent. */
export function publicPath(mf: ManifestFile, url: string): string {
  if (/^[a-z]+:/i.test(url)) throw new LabCliError(`${url}: the CLI reads only files the app serves from public/, not remote URLs; download it and pass --weights`);
  return join(resolve(dirname(mf.path), ".."), url.replace(/^\/+/, ""));
}

/** The entry's shipped weights, verified against the manifest's sha256. */
export function readManifestWeights(mf: ManifestFile, entry: ModelEntry): { bytes: Uint8Array; name: string } {
  if (entry.weights.kind !== "file") throw new Error(`${entry.id} has no weights file`);
  const path = publicPath(mf, entry.weights.url);
  if (!existsSync(path)) throw new LabCliError(`--model ${entry.id}: weights file ${path} does not exist (not exported yet, or a Git LFS file not pulled)`);
  const bytes = new Uint8Array(readFileSync(path));
  const got = createHash("sha256").update(bytes).digest("hex");
  if (got !== entry.weights.sha256) {
    throw new LabCliError(
      `--model ${entry.id}: ${path} does not match its manifest sha256 (expected ${entry.weights.sha256.slice(0, 12)}…, got ${got.slice(0, 12)}…): ` +
        `the file is damaged or not the one ${mf.path} names; re-export the model or correct weights.sha256`,
    );
  }
  return { bytes, name: basename(path) };
}

export function readLabelFile(mf: ManifestFile, set: keyof Manifest["labelSets"]): LabelFile {
  const path = publicPath(mf, mf.manifest.labelSets[set]);
  if (!existsSync(path)) throw new LabCliError(`label set "${set}": ${path} does not exist`);
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as LabelFile;
    if (!Array.isArray(json.names)) throw new Error("no names list");
    return json;
  } catch (e) {
    throw new LabCliError(`label set "${set}": ${path} is unreadable (${oneLine(e)})`);
  }
}

/**
 * Replaces one entry's `accuracy` and rewrites the file as JSON.stringify(·, null, 2) + "\n"
 * (the lab's format, which keeps every other line byte-identical). The file is read again here:
 * an evaluation takes minutes and the trainer's export may have replaced the weights meanwhile.
 * Returns false when the file was not in that format before (Python's json.dump escapes "²"),
 * so the caller can say that other lines changed in formatting only.
 */
export function recordAccuracy(path: string, id: string, weights: ModelEntry["weights"], accuracy: { dataset: string; top1: number; source: string }): boolean {
  const mf = readManifestFile(path);
  const fmt = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const canonical = fmt(mf.raw) === mf.text;
  const entry = mf.raw.models.find((m) => m.id === id);
  if (!entry) throw new LabCliError(`--record: ${path} no longer lists ${id}; nothing was written`);
  if (JSON.stringify(entry.weights) !== JSON.stringify(weights))
    throw new LabCliError(`--record: the weights of ${id} in ${path} changed while eval ran; nothing was written, run eval again`);
  entry.accuracy = accuracy;
  parseManifest(mf.raw); // never write a manifest the app would refuse
  // Write beside and rename: an interrupted write must not leave the app a truncated manifest.
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, fmt(mf.raw));
  renameSync(tmp, path);
  return canonical;
}
