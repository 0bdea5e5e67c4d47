"use client";
// three.js view: every tap's centred log-amplitude spectrum as a textured square, stacked along
// depth (stem at the front), on the same shared colour scale as SpectraGrid. Drag to orbit,
// wheel to zoom. Client-only: mount with next/dynamic({ ssr: false }) or inside a client page.
import { useEffect, useRef } from "react";
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import type { TapSpectrum } from "@/lib/analysis/profile";
import { mapToRgba } from "./heatmap";
import { extent } from "./types";

export interface Stack3DProps {
  taps: readonly TapSpectrum[];
  domain?: [number, number];
  width?: number;
  height?: number;
  /** Gap between planes, in plane widths. */
  spacing?: number;
}

export function Stack3D({ taps, domain, width = 480, height = 360, spacing = 0.35 }: Stack3DProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || taps.length === 0) return;
    const [lo, hi] = domain ?? extent(taps.flatMap((t) => Array.from(t.logAmplitude)));
    const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    renderer.setSize(width, height);
    renderer.setClearColor(0xffffff);
    el.appendChild(renderer.domElement);
    const scene = new THREE.Scene();
    const camera = new THREE.PerspectiveCamera(35, width / height, 0.1, 100);
    const depth = (taps.length - 1) * spacing;
    camera.position.set(2.2, 1.6, depth / 2 + 2.8);
    const controls = new OrbitControls(camera, renderer.domElement);
    controls.target.set(0, 0, 0); // planes span z = ±depth/2 around the origin
    const group = new THREE.Group();
    group.position.z = depth / 2;
    scene.add(group);
    const disposables: Array<{ dispose(): void }> = [];
    taps.forEach((t, i) => {
      // Canvas rows run top-down; textures bottom-up: flip so the plane matches the 2-D grid.
      const rgba = mapToRgba(t.logAmplitude, lo, hi);
      const tex = new THREE.DataTexture(rgba, t.w, t.h, THREE.RGBAFormat);
      tex.flipY = true;
      tex.magFilter = THREE.NearestFilter;
      tex.needsUpdate = true;
      const geo = new THREE.PlaneGeometry(1, t.h / t.w);
      const mat = new THREE.MeshBasicMaterial({ map: tex, side: THREE.DoubleSide, transparent: true, opacity: 0.92 });
      const mesh = new THREE.Mesh(geo, mat);
      mesh.position.z = -i * spacing;
      group.add(mesh);
      const edges = new THREE.LineSegments(new THREE.EdgesGeometry(geo), new THREE.LineBasicMaterial({ color: t.kind === "NTB" ? 0x6b7280 : 0x93c5fd }));
      edges.position.z = mesh.position.z;
      group.add(edges);
      disposables.push(tex, geo, mat, edges.geometry, edges.material as THREE.Material);
    });
    let frame = 0;
    const tick = () => {
      controls.update();
      renderer.render(scene, camera);
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      controls.dispose();
      disposables.forEach((d) => d.dispose());
      renderer.dispose();
      renderer.domElement.remove();
    };
  }, [taps, domain, width, height, spacing]);
  return <div ref={host} style={{ width, height }} aria-label="Per-layer spectra stacked along depth" role="img" />;
}
