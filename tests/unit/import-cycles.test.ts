// No import cycles in app/, components/, lib/ or bin/ (the developers' guide). Type-only imports
// count too: a cycle made only of `import type` is still a cycle to fix by moving the shared types
// into their own module (see lib/analysis/complex-plan.ts, components/lab/view-types.ts).
// dpdm parses every file with the TypeScript compiler and resolves the `@/` alias through
// tsconfig.json; with `transform: false` it keeps type-only imports and re-exports.
// Not seen by dpdm: type positions written `import("./x").T` (use `import type` instead).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DependencyTree, parseCircular, parseDependencyTree } from "dpdm";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCES = "{app,components,lib,bin}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}";

async function dependencyTree(root: string, pattern: string): Promise<DependencyTree> {
  return parseDependencyTree([pattern], {
    cwd: root,
    context: root, // ids relative to root
    tsconfig: join(root, "tsconfig.json"), // resolves `@/…`
    transform: false, // false keeps `import type` / `export type … from` edges
    skipDynamicImports: false, // `await import()` edges count too
  });
}

function cycles(tree: DependencyTree): string[] {
  return parseCircular(tree, false).map((c) => [...c, c[0]].join(" -> "));
}

/** Local imports (relative or `@/`) that dpdm could not resolve: each is an edge it cannot see. */
function unresolvedLocal(tree: DependencyTree): string[] {
  return Object.values(tree)
    .flatMap((deps) => deps ?? [])
    .filter((d) => d.id === null && (d.request.startsWith(".") || d.request.startsWith("@/")))
    .map((d) => `${d.issuer}: ${d.request}`);
}

describe("import cycles", () => {
  it("app/, components/, lib/ and bin/ have none (type-only imports included)", async () => {
    const tree = await dependencyTree(ROOT, SOURCES);
    const files = Object.keys(tree).filter((id) => /^(app|components|lib|bin)\//.test(id));
    expect(files.length, "files scanned").toBeGreaterThan(100);
    // Guards against a silently empty graph: every local import resolves, `@/` ones included.
    expect(unresolvedLocal(tree), "unresolved local imports").toEqual([]);
    const aliasEdges = Object.values(tree).flatMap((deps) => deps ?? []).filter((d) => d.request.startsWith("@/") && d.id);
    expect(aliasEdges.length, "resolved @/ imports").toBeGreaterThan(0);
    // An `@dpdm-ignore` comment would hide an edge from this check.
    expect(files.filter((f) => readFileSync(join(ROOT, f), "utf8").includes("@dpdm-ignore")), "files with @dpdm-ignore").toEqual([]);

    const found = cycles(tree);
    if (found.length > 0) console.error(`Import cycles (${found.length}):\n  ${found.join("\n  ")}`);
    expect(found, "import cycles: move the shared types/constants into their own module").toEqual([]);
  }, 300_000);

  it("the check itself sees a cycle made of an `@/` type import and a type re-export", async () => {
    const dir = mkdtempSync(join(tmpdir(), "import-cycles-"));
    try {
      mkdirSync(join(dir, "lib"));
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { moduleResolution: "bundler", module: "esnext", paths: { "@/*": ["./*"] } } }));
      writeFileSync(join(dir, "lib", "a.ts"), 'import type { C } from "@/lib/b";\nexport interface A { c?: C }\n');
      writeFileSync(join(dir, "lib", "b.ts"), 'export type { C } from "./c";\n');
      writeFileSync(join(dir, "lib", "c.ts"), 'import type { A } from "./a";\nexport interface C { a?: A }\n');
      writeFileSync(join(dir, "lib", "d.ts"), 'import type { A } from "./a";\nexport type D = A;\n');
      const tree = await dependencyTree(dir, "lib/**/*.ts");
      expect(unresolvedLocal(tree)).toEqual([]);
      const found = parseCircular(tree, false);
      expect(found).toHaveLength(1);
      expect([...found[0]].sort()).toEqual(["lib/a.ts", "lib/b.ts", "lib/c.ts"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
