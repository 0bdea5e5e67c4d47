"use client";
// Sample photographs shipped in public/gallery (CC0 / public domain, see LICENSES.md).
import { useCallback, useEffect, useRef, useState } from "react";

export interface GalleryImage {
  id: string;
  file: string;
  title: string;
  licence: string;
  credit: string;
}

interface Props {
  /** `auto` is true for the start pick, which the page skips once the user has chosen an image. */
  onPick: (blob: Blob, name: string, auto?: boolean) => void;
  active: string | null;
  /** Run a photo as soon as the gallery has loaded: this id, or the first photo when it names none; null: don't. */
  start: string | null;
}

export function Gallery({ onPick, active, start }: Props) {
  const [images, setImages] = useState<GalleryImage[]>([]);
  const started = useRef(false);
  useEffect(() => {
    fetch("/gallery/gallery.json")
      .then((r) => r.json())
      .then((g: { images: GalleryImage[] }) => setImages(g.images))
      .catch(() => setImages([]));
  }, []);

  const pick = useCallback(
    async (img: GalleryImage, auto = false) => onPick(await (await fetch(`/gallery/${img.file}`)).blob(), img.file, auto),
    [onPick],
  );

  // Once per page: a first visit shows a result instead of an empty panel.
  useEffect(() => {
    if (start === null || images.length === 0 || started.current) return;
    started.current = true;
    void pick(images.find((i) => i.id === start) ?? images[0], true).catch(() => {});
  }, [start, images, pick]);

  return (
    <div>
      <div className="grid grid-cols-4 gap-2">
        {images.map((img) => (
          <button
            key={img.id}
            type="button"
            data-testid={`gallery-${img.id}`}
            aria-pressed={active === img.file}
            title={`${img.title} — ${img.licence}, ${img.credit}`}
            onClick={() => void pick(img)}
            className={`aspect-square overflow-hidden rounded-md border-2 ${
              active === img.file ? "border-indigo-600" : "border-transparent hover:border-slate-300"
            }`}
          >
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={`/gallery/${img.file}`} alt={img.title} className="h-full w-full object-cover" />
          </button>
        ))}
      </div>
      <p className="mt-1 text-xs text-slate-500">
        Sample photos from scikit-image (CC0 / public domain){" "}
        <a className="underline" href="/gallery/LICENSES.md">
          licences
        </a>
      </p>
    </div>
  );
}
