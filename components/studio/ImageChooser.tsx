"use client";
// The studio's image: a gallery photo (its id travels in the link) or a local file (it never leaves this
// machine; the link only says "uploaded", and whoever opens it is asked for an image of their own).
import type { ImageSource } from "@/lib/url-state/schema";

export interface GalleryItem {
  id: string;
  file: string;
  title: string;
}

interface Props {
  gallery: GalleryItem[];
  source: ImageSource | null;
  activeId: string | null;
  hasUpload: boolean;
  uploadName: string | null;
  onGallery: (id: string) => void;
  onAverage: () => void;
  onUpload: (file: File) => void;
}

export function ImageChooser({ gallery, source, activeId, hasUpload, uploadName, onGallery, onAverage, onUpload }: Props) {
  const missingUpload = source?.kind === "uploaded" && !hasUpload;
  return (
    <div className="space-y-2">
      {missingUpload && (
        <p data-testid="upload-missing" role="alert" className="rounded-md border border-sky-300 bg-sky-50 p-2 text-xs text-sky-900">
          This link was made with an uploaded image. Uploaded images stay on the sender&apos;s machine and are not part of
          the link — choose an image below (a gallery photo, or a file of your own) to compute this view.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-1.5">
        {gallery.map((g) => (
          <button key={g.id} type="button" title={g.title} onClick={() => onGallery(g.id)} data-testid={`studio-gallery-${g.id}`}
            className={`h-12 w-12 overflow-hidden rounded border-2 ${activeId === g.id ? "border-indigo-600" : "border-transparent hover:border-slate-300"}`}>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={`/gallery/${g.file}`} alt={g.title} className="h-full w-full object-cover" />
          </button>
        ))}
        <button type="button" onClick={onAverage} data-testid="studio-gallery-average" title="spectra averaged over every gallery image"
          className={`flex h-12 items-center rounded border-2 px-2 text-xs ${source?.kind === "average" ? "border-indigo-600 font-medium" : "border-slate-300 hover:border-slate-400"}`}>
          gallery average ({gallery.length})
        </button>
        <label className={`flex h-12 cursor-pointer items-center rounded border-2 border-dashed px-2 text-xs ${source?.kind === "uploaded" && hasUpload ? "border-indigo-600" : "border-slate-300 hover:border-slate-400"}`}>
          <input type="file" accept="image/*" className="sr-only" data-testid="studio-upload"
            onChange={(e) => { const f = e.target.files?.[0]; if (f) onUpload(f); e.target.value = ""; }} />
          {hasUpload && source?.kind === "uploaded" ? `local: ${uploadName}` : "your image…"}
        </label>
      </div>
    </div>
  );
}
