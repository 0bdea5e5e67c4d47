// Chart export in the browser: an <svg> as a standalone SVG file or a PNG, and text downloads.
// The numbers themselves come from lib/analysis/export.ts (pure CSV/JSON builders).

export function svgToString(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const { width, height } = svg.viewBox.baseVal;
  if (width && height) {
    clone.setAttribute("width", String(width));
    clone.setAttribute("height", String(height));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Render an SVG to a PNG blob at `scale` x its viewBox size (embedded images must be data URLs). */
export async function svgToPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = svgToString(svg);
  const { width, height } = svg.viewBox.baseVal;
  const w = Math.round((width || svg.clientWidth) * scale), h = Math.round((height || svg.clientHeight) * scale);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.decoding = "async";
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("PNG export needs a 2-D canvas, which this browser refused");
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadText(text: string, fileName: string, type = "text/plain"): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
  downloadText(svgToString(svg), fileName, "image/svg+xml");
}

export async function downloadPng(svg: SVGSVGElement, fileName: string, scale = 2): Promise<void> {
  downloadBlob(await svgToPngBlob(svg, scale), fileName);
}
