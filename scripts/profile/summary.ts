// Turns a V8 CPU profile (Profiler.stop's result) into text: self time by function and
// by source file. The bundle is unminified, so esbuild has left a "// path" comment at the
// start of every module; a frame's line number finds its file from those markers.

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** The bundle's module markers, in line order: [first line (0-based), path]. */
function moduleMarkers(source: string): [number, string][] {
  const markers: [number, string][] = [];
  source.split("\n").forEach((line, i) => {
    const m = /^\/\/ (\S+\.(?:[cm]?js|tsx?))$/.exec(line);
    // A package's file reads "kysely/operation-node/operation-node-transformer.js".
    if (m) markers.push([i, m[1]!.replace(/^.*node_modules\//, "").replace(/\/dist\/(?:esm\/)?/, "/")]);
  });
  return markers;
}

function fileOf(markers: [number, string][], line: number): string {
  let lo = 0;
  let hi = markers.length - 1;
  let found = "(bundle prelude)";
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (markers[mid]![0] <= line) {
      found = markers[mid]![1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function profileSummary(route: string, profile: CpuProfile, bundleSource: string, top: number, requestsPerSecond: number): string {
  const markers = moduleMarkers(bundleSource);
  const selfMicros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the delta to the next one (V8's own convention).
  for (let i = 0; i < samples.length; i++) selfMicros.set(samples[i]!, (selfMicros.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const t = selfMicros.get(node.id) ?? 0;
    if (!t) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") {
      idle += t;
      continue;
    }
    total += t;
    const file = url.endsWith("index.js") ? fileOf(markers, lineNumber) : url ? url : functionName.startsWith("(") ? functionName : "(native)";
    const fn = `${functionName || "(anonymous)"}  ${file}${url.endsWith("index.js") ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    byFile.set(file, (byFile.get(file) ?? 0) + t);
    const pkg = file.startsWith("src/")
      ? file
          .split("/")
          .slice(0, file.startsWith("src/modules/") ? 3 : 2)
          .join("/")
      : file.split("/")[0]!;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
  }
  const table = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  return [
    `== ${route}: ${requestsPerSecond.toFixed(0)} req/s; ${(total / 1000).toFixed(0)} ms on the CPU in JavaScript, ${(idle / 1000).toFixed(0)} ms idle or outside V8`,
    " self time by function:",
    ...table(byFunction),
    " self time by file:",
    ...table(byFile),
    " self time by package or source folder:",
    ...table(byPackage),
  ].join("\n");
}
