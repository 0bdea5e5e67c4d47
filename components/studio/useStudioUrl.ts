"use client";
// The studio's whole view state lives in the URL (nuqs, history "push" so back/forward restore views).
// Invalid parameters found on arrival are listed once and the URL is rewritten to its valid part.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useQueryStates } from "nuqs";
import type { Dropped } from "@/lib/url-state/codes";
import { studioParsers } from "@/lib/url-state/nuqs";
import { parseStudioQuery, serializeStudioQuery } from "@/lib/url-state/parse";
import type { StudioState } from "@/lib/url-state/schema";

const FIELD_TO_KEY = {
  models: "v", image: "img", layer: "layer", channel: "ch", cam: "cam", cls: "cls", charts: "charts",
  scale: "scale", overlay: "ov", runs: "n", backend: "be", res: "res",
} as const satisfies Record<keyof StudioState, keyof typeof studioParsers>;

export function useStudioUrl() {
  const [q, setQ] = useQueryStates(studioParsers, { history: "push" });
  const [dropped, setDropped] = useState<Dropped[]>([]);

  useEffect(() => {
    const parsed = parseStudioQuery(window.location.search);
    if (parsed.dropped.length === 0) return;
    setDropped(parsed.dropped);
    const clean = serializeStudioQuery(parsed.state);
    window.history.replaceState(window.history.state, "", `${window.location.pathname}${clean ? `?${clean}` : ""}`);
  }, []);

  const state: StudioState = useMemo(
    () => ({
      models: q.v, image: q.img, layer: q.layer, channel: q.ch, cam: q.cam, cls: q.cls, charts: q.charts,
      scale: q.scale, overlay: q.ov, runs: q.n, backend: q.be, res: q.res,
    }),
    [q],
  );

  const update = useCallback(
    (patch: Partial<StudioState>) => {
      const next: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(patch)) next[FIELD_TO_KEY[field as keyof StudioState]] = value;
      void setQ(next as Parameters<typeof setQ>[0]);
    },
    [setQ],
  );

  const dismiss = useCallback(() => setDropped([]), []);
  return { state, update, dropped, dismiss };
}
