"use client";
// File chooser, drag and drop and paste: every way an image enters the lab ends in onImage.
import { useEffect, useRef, useState } from "react";

export function ImageInput({ onImage, disabled }: { onImage: (blob: Blob, name: string) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = Array.from(e.clipboardData?.files ?? []).find((f) => f.type.startsWith("image/"));
      if (file) onImage(file, file.name || "pasted image");
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [onImage]);

  return (
    <div
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file) onImage(file, file.name);
      }}
      className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-5 text-center text-sm transition-colors ${
        over ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-slate-50"
      }`}
    >
      <p className="text-slate-600">Drop an image here, paste one, or</p>
      <button
        type="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
        className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
      >
        Choose a file…
      </button>
      <input
        ref={input}
        data-testid="image-file"
        type="file"
        accept="image/*"
        className="sr-only"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onImage(file, file.name);
          e.target.value = ""; // choosing the same file again still triggers a run
        }}
      />
      <p className="text-xs text-slate-500">Images stay in this browser: nothing is uploaded.</p>
    </div>
  );
}
