// Up to `per` images of each class folder of an image set (a zip or a folder of <class>/<image>), in a stable
// order: what the docs scripts average over when the README's figures use Imagenette val photos.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { unzipSync } from "fflate";

export function classImages(data: string, per: number): Array<{ name: string; bytes: Uint8Array }> {
  const byClass = new Map<string, Array<{ name: string; bytes: Uint8Array }>>();
  const add = (path: string, bytes: () => Uint8Array) => {
    const parts = path.split("/").filter(Boolean);
    if (parts.length < 2 || !/\.(jpe?g|png)$/i.test(path)) return;
    const cls = parts[parts.length - 2];
    const list = byClass.get(cls) ?? [];
    if (list.length < per) list.push({ name: `${cls}_${basename(path)}`, bytes: bytes() });
    byClass.set(cls, list);
  };
  if (statSync(data).isDirectory()) {
    for (const cls of readdirSync(data).sort())
      for (const f of readdirSync(join(data, cls)).sort()) add(`${cls}/${f}`, () => new Uint8Array(readFileSync(join(data, cls, f))));
  } else {
    const files = unzipSync(new Uint8Array(readFileSync(data)));
    for (const name of Object.keys(files).sort()) add(name, () => files[name]);
  }
  return [...byClass.values()].flat();
}
