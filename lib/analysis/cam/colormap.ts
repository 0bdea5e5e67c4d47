// Jet colormap and heat-map overlay. Jet here is the piecewise-linear MATLAB/OpenCV ramp
// (dark blue → blue → cyan → yellow → red → dark red); OpenCV's COLORMAP_JET table is the same
// ramp sampled at 256 levels, so values differ by at most one 8-bit step.

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** RGB in [0, 255] for t in [0, 1]. */
export function jet(t: number): [number, number, number] {
  const x = clamp01(t);
  return [
    Math.round(255 * clamp01(1.5 - Math.abs(4 * x - 3))),
    Math.round(255 * clamp01(1.5 - Math.abs(4 * x - 2))),
    Math.round(255 * clamp01(1.5 - Math.abs(4 * x - 1))),
  ];
}

const JET_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(jet(i / 255), 3 * i);
  return lut;
})();

/**
 * Blend a [0,1] CAM over an RGBA image of the same size: out = opacity·jet(cam) + (1 − opacity)·image.
 * (pytorch-grad-cam's show_cam_on_image with image_weight = 1 − opacity, without its final
 * divide-by-max brightening, so the slider changes only the mix.) Alpha is set opaque.
 */
export function overlayCam(image: Uint8ClampedArray | Uint8Array, cam: ArrayLike<number>, opacity: number): Uint8ClampedArray {
  if (image.length !== cam.length * 4) throw new RangeError(`overlay: image has ${image.length / 4} pixels, CAM has ${cam.length}`);
  const a = clamp01(opacity);
  const out = new Uint8ClampedArray(image.length);
  for (let i = 0; i < cam.length; i++) {
    const l = 3 * Math.round(255 * clamp01(cam[i]));
    out[4 * i] = a * JET_LUT[l] + (1 - a) * image[4 * i];
    out[4 * i + 1] = a * JET_LUT[l + 1] + (1 - a) * image[4 * i + 1];
    out[4 * i + 2] = a * JET_LUT[l + 2] + (1 - a) * image[4 * i + 2];
    out[4 * i + 3] = 255;
  }
  return out;
}

/** The CAM alone as RGBA (for a strip of small maps). */
export function camToRgba(cam: ArrayLike<number>): Uint8ClampedArray {
  const out = new Uint8ClampedArray(cam.length * 4);
  for (let i = 0; i < cam.length; i++) {
    const l = 3 * Math.round(255 * clamp01(cam[i]));
    out[4 * i] = JET_LUT[l];
    out[4 * i + 1] = JET_LUT[l + 1];
    out[4 * i + 2] = JET_LUT[l + 2];
    out[4 * i + 3] = 255;
  }
  return out;
}
