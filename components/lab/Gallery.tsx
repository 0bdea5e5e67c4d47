"use client";
// Sample photographs shipped in public/gallery (CC0 / public domain, see LICENSES.md).
import { useEffect, useState } from "react";

export interface GalleryImage {
  id: string;
  file: string;
  title: string;
  licence: string;
  credit: string;
}

export function Gallery({ onPick, active }: { onPick: (blob: Blob, name: string) => void; active: string | null }) {
  const [images, setImages] = useState<GalleryImage[]>([]);
  useEffect(() => {
    fetch("/gallery/gallery.json")
      .then((r) => r.json())
      .then((g: { images: GalleryImage[] }) => setImages(g.images))
      .catch(() => setImages([]));
  }, []);

  async function pick(img: GalleryImage) {
    const blob = await (await fetch(`/gallery/${img.file}`)).blob();
    onPick(blob, img.file);
  }

  return (
    <div>
      <div className="grid grid-cols-4 gap-2">
        {images.map((img) => (
          <button
            key={img.id}
            type="button"
            data-testid={`gallery-${img.id}`}
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
