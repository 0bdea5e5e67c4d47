// An image set for `lab eval`: a zip or a folder whose images sit in class folders named by WNID,
// `<anything>/<wnid>/<image>` or `<wnid>/<image>` (the layout of ImageNet and Imagenette). The
// class index of a WNID is its position in the label set's `wnids`, the order the model's logits
// follow. Images are read one at a time, when evaluated.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { LabCliError } from "../errors";
import { ZipReader } from "./zip-reader";

export interface Sample {
  path: string; // member path inside the zip or folder, "/"-separated
  wnid: string;
  label: number;
  read(): Uint8Array;
}

export interface Dataset {
  name: string; // file or folder name without .zip: what --record calls the data
  samples: Sample[]; // sorted by path
  ignored: string[]; // files that are not images
  close(): void;
}

const IMAGE = /\.(jpe?g|png)$/i;
// Archive clutter that is never data: macOS resource forks, dotfiles.
const CLUTTER = /(^|\/)(__MACOSX|\.[^/]*)(\/|$)/;

function listFolder(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    const kind = d.isSymbolicLink() ? statSync(join(root, p)) : d; // datasets are often linked in
    if (kind.isDirectory()) out.push(...listFolder(root, p));
    else if (kind.isFile()) out.push(p);
  }
  return out;
}

export function openDataset(path: string, wnids: string[], labelSet: string): Dataset {
  if (!existsSync(path)) throw new LabCliError(`--data ${path} does not exist`);
  const isDir = statSync(path).isDirectory();
  let zip: ZipReader | null = null;
  let files: Array<{ name: string; read: () => Uint8Array }>;
  if (isDir) files = listFolder(path).map((name) => ({ name, read: () => new Uint8Array(readFileSync(join(path, name))) }));
  else {
    try {
      zip = new ZipReader(path);
    } catch (e) {
      throw new LabCliError(`--data ${path}: neither a folder nor a readable zip (${e instanceof Error ? e.message : String(e)})`);
    }
    const z = zip;
    files = z.members.filter((m) => !m.name.endsWith("/")).map((m) => ({ name: m.name, read: () => z.read(m) }));
  }
  const index = new Map(wnids.map((w, i) => [w, i]));
  const samples: Sample[] = [];
  const ignored: string[] = [];
  for (const f of files) {
    if (CLUTTER.test(f.name)) continue;
    if (!IMAGE.test(f.name)) {
      ignored.push(f.name);
      continue;
    }
    const parts = f.name.split("/");
    const wnid = parts.length >= 2 ? parts[parts.length - 2] : "";
    const label = index.get(wnid);
    if (label === undefined) {
      zip?.close();
      if (!wnid) throw new LabCliError(`--data ${path}: ${f.name} is not inside a class folder; lay images out as <wnid>/<image>`);
      throw new LabCliError(
        `--data ${path}: class folder "${wnid}" (${f.name}) is not a WNID of the model's ${labelSet} label set ` +
          `(${wnids.slice(0, 3).join(", ")}, … ${wnids.length} in all); evaluate on data of the classes the model was trained on`,
      );
    }
    samples.push({ path: f.name, wnid, label, read: f.read });
  }
  if (!samples.length) {
    zip?.close();
    throw new LabCliError(`--data ${path}: no .jpg/.jpeg/.png images in it`);
  }
  samples.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { name: basename(path).replace(/\.zip$/i, ""), samples, ignored, close: () => zip?.close() };
}

/**
 * N items evenly spaced through the sorted list, so that a --limit run sees every class folder
 * in proportion rather than the first classes only.
 */
export function spread<T>(items: T[], limit: number | undefined): T[] {
  if (limit === undefined || limit >= items.length) return items;
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]);
}
