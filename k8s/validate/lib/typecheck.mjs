// Unknown-field check: the schemas behind .validate() accept fields they do not know, so a typo
// such as `livenessProbes` or `terminationGracePeriod` would pass unnoticed (and the API server
// would drop it without a word). The same packages ship TypeScript interfaces for every object;
// assigning each document as an object literal to its interface makes tsc report every property
// the interface lacks. One tsc run checks all documents of all renders.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { modelModule } from "./schema.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

/**
 * @param entries [{label, doc}]
 * @returns Map label -> [error strings]
 */
export function unknownFieldErrors(entries) {
  const work = join(root, ".tscheck");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const lines = [];
  const lineLabel = new Map();
  entries.forEach(({ label, doc }, i) => {
    const module = modelModule(doc?.apiVersion);
    if (module === null || typeof doc.kind !== "string") {
      return; // schema.mjs reports these
    }
    lines.push(`import type { I${doc.kind} as T${i} } from "${module}/${doc.kind}";`);
  });
  const firstDocLine = lines.length + 1;
  entries.forEach(({ label, doc }, i) => {
    if (modelModule(doc?.apiVersion) === null || typeof doc.kind !== "string") {
      return;
    }
    lineLabel.set(firstDocLine + lineLabel.size, { label, doc });
    lines.push(`export const d${i}: T${i} = ${JSON.stringify(doc)};`);
  });
  writeFileSync(join(work, "check.ts"), lines.join("\n") + "\n");
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext",
      target: "es2022", skipLibCheck: true, types: [],
    },
    files: ["check.ts"],
  }));
  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  let output = "";
  try {
    execFileSync(process.execPath, [tsc, "-p", join(work, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
    if (output.trim() === "") {
      throw new Error(`tsc failed without output: ${e.message}`);
    }
  }
  const errors = new Map(entries.map(({ label }) => [label, []]));
  for (const line of output.split("\n").filter((l) => l.trim() !== "")) {
    // tsc names the file relative to the working directory: match on its base name only.
    const m = /check\.ts\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    const target = m ? lineLabel.get(Number(m[1])) : undefined;
    if (!target) {
      // An error outside the documents (e.g. an interface that does not exist) concerns everyone.
      for (const list of errors.values()) {
        list.push(`type check: ${line.trim()}`);
      }
      continue;
    }
    const property = /'"?([^'"]+)"?' does not exist in type/.exec(m[4]);
    const where = property ? pathsOf(target.doc, property[1]) : [];
    errors.get(target.label).push(
      (where.length ? `${where.join(", ")}: ` : "") + `${m[4]} (${m[3]})`);
  }
  rmSync(work, { recursive: true, force: true });
  return errors;
}

/** JSON paths at which a key occurs, so an unknown field is reported where it is. */
function pathsOf(value, key, path = "") {
  if (value === null || typeof value !== "object") {
    return [];
  }
  const found = [];
  for (const [k, v] of Object.entries(value)) {
    const p = `${path}/${k}`;
    if (!Array.isArray(value) && k === key) {
      found.push(p);
    }
    found.push(...pathsOf(v, key, p));
  }
  return found;
}
