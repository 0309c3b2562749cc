#!/usr/bin/env node
// Offline check of rendered kustomize output (`kubectl kustomize k8s/overlays/X > X.yaml`):
//   node validate.mjs cpu=cpu.yaml gpu=gpu.yaml ...          check these renders
//   node validate.mjs --self-test cpu=cpu.yaml gpu=gpu.yaml  break copies on purpose; each must fail
// Three layers, all offline: (1) every document against its schema (kubernetes-models; KEDA's
// ScaledObject against its CRD types from @kubernetes-models/keda), (2) unknown fields via the
// packages' TypeScript interfaces, (3) trialstream's own rules (lib/rules.mjs). Exit 1 on any
// failure, naming the render, the object and the field.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { checkRender } from "./lib/rules.mjs";
import { schemaErrors } from "./lib/schema.mjs";
import { mutations } from "./lib/selftest.mjs";
import { unknownFieldErrors } from "./lib/typecheck.mjs";

/** Parses NAME=FILE arguments into [{name, docs}]. */
function loadRenders(args) {
  return args.map((arg) => {
    const eq = arg.indexOf("=");
    if (eq <= 0) {
      throw new Error(`expected NAME=FILE, found ${JSON.stringify(arg)}`);
    }
    const name = arg.slice(0, eq);
    const file = arg.slice(eq + 1);
    const docs = yaml.loadAll(readFileSync(file, "utf8"), null, { filename: file }).filter((d) => d !== null);
    if (docs.length === 0) {
      throw new Error(`${file}: no documents (render ${name})`);
    }
    return { name, file, docs };
  });
}

/**
 * Checks renders; returns [{name, failures: [string], passes: [string], objects}] without printing.
 */
export async function checkRenders(renders) {
  const reports = [];
  const entries = [];
  for (const { name, docs } of renders) {
    const failures = [];
    const passes = [];
    for (const [i, doc] of docs.entries()) {
      const id = `${doc?.kind}/${doc?.metadata?.name}`;
      const errors = await schemaErrors(doc);
      for (const e of errors) {
        failures.push(`${id}: schema ${doc?.apiVersion}: ${e}`);
      }
      if (errors.length === 0) {
        passes.push(`${id}: schema ${doc.apiVersion} ${doc.kind}`);
      }
      entries.push({ label: `${name}#${i}`, doc });
    }
    for (const r of checkRender(docs)) {
      (r.ok ? passes : failures).push(r.message);
    }
    reports.push({ name, failures, passes, objects: docs.length });
  }
  const unknown = unknownFieldErrors(entries);
  for (const report of reports) {
    const { docs } = renders.find((r) => r.name === report.name);
    docs.forEach((doc, i) => {
      const errors = unknown.get(`${report.name}#${i}`) ?? [];
      const id = `${doc?.kind}/${doc?.metadata?.name}`;
      for (const e of errors) {
        report.failures.push(`${id}: TypeScript interface: ${e}`);
      }
      if (errors.length === 0) {
        report.passes.push(`${id}: no unknown fields (TypeScript interface)`);
      }
    });
  }
  return reports;
}

async function main(argv) {
  const selfTest = argv[0] === "--self-test";
  const renders = loadRenders(selfTest ? argv.slice(1) : argv);
  if (renders.length === 0) {
    throw new Error("usage: validate.mjs [--self-test] NAME=FILE...");
  }
  return selfTest ? runSelfTest(renders) : runCheck(renders);
}

async function runCheck(renders) {
  let failed = 0;
  for (const report of await checkRenders(renders)) {
    console.log(`== ${report.name}: ${report.objects} objects`);
    for (const p of report.passes) {
      console.log(`  ok    ${p}`);
    }
    for (const f of report.failures) {
      console.log(`  FAIL  ${f}`);
    }
    console.log(`  ${report.passes.length} checks passed, ${report.failures.length} failed`);
    failed += report.failures.length;
  }
  return failed === 0;
}

/** Each mutation breaks one copy of a render; the checks must report the expected failure. */
async function runSelfTest(renders) {
  const cases = mutations().map((m) => {
    const base = renders.find((r) => r.name === m.render);
    if (!base) {
      throw new Error(`self-test ${m.id} needs render ${m.render}; pass it as ${m.render}=FILE`);
    }
    const docs = structuredClone(base.docs);
    m.apply(docs);
    return { m, render: { name: `self-test:${m.id}`, docs } };
  });
  const reports = await checkRenders(cases.map((c) => c.render));
  let missed = 0;
  console.log(`== self-test: ${cases.length} deliberately broken renders, each must fail`);
  for (const [i, { m }] of cases.entries()) {
    const caught = reports[i].failures.find((f) => m.expect.test(f));
    if (caught) {
      console.log(`  ok    ${m.id}: caught: ${caught}`);
    } else {
      missed++;
      console.log(`  FAIL  ${m.id}: ${m.what} was not reported (wanted ${m.expect}); failures were: ${JSON.stringify(reports[i].failures)}`);
    }
  }
  console.log(`  ${cases.length - missed} passed, ${missed} failed`);
  return missed === 0;
}

main(process.argv.slice(2)).then(
  (ok) => process.exit(ok ? 0 : 1),
  (e) => {
    console.error(`validate.mjs: ${e.stack ?? e}`);
    process.exit(1);
  });
