// Rebuilds public/gallery/ from Debian's python3-skimage data files (CC0 / public-domain
// photographs). Usage: apt-get download python3-skimage && dpkg -x python3-skimage_*.deb x
//   npx tsx scripts/make-gallery.ts x/usr/lib/python3/dist-packages/skimage/data
// Resizing reuses the lab's own antialiased bicubic filter so no image tool is needed.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { decodeImageNode } from "../lib/image/decode-node";
import { resizePlanar, toPlanarRgb } from "../lib/image/preprocess";
import gallery from "../public/gallery/gallery.json" with { type: "json" };

const MAX_SIDE = 512;
const srcDir = process.argv[2];
if (!srcDir) throw new Error("usage: tsx scripts/make-gallery.ts <skimage data dir>");

for (const item of gallery.images) {
  const img = decodeImageNode(new Uint8Array(readFileSync(join(srcDir, item.source))));
  const k = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
  const ow = Math.round(img.width * k), oh = Math.round(img.height * k);
  const planar = resizePlanar(toPlanarRgb(img), 3, img.width, img.height, ow, oh);
  const rgba = new Uint8Array(ow * oh * 4);
  for (let p = 0; p < ow * oh; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = Math.max(0, Math.min(255, Math.round(planar[c * ow * oh + p])));
    rgba[p * 4 + 3] = 255;
  }
  const out = jpeg.encode({ data: rgba, width: ow, height: oh }, 88).data;
  writeFileSync(join("public/gallery", item.file), out);
  console.log(`${item.id}: ${img.width}x${img.height} -> ${ow}x${oh}, ${out.length} bytes`);
}
