// npm run capacity [-- --inputs docs/capacity-inputs.json] [-- --write | --check]
//
// Recomputes docs/SCALING.md's capacity tables from docs/capacity-inputs.json (measured figures
// from `npm run capacity:measure`, CPU per request from BENCHMARKS.md, the stated traffic mix, and
// Cloudflare's limits and list prices with their sources) and prints them. `--write` puts them into
// docs/SCALING.md between its `<!-- capacity:… -->` markers; `--check` fails when the document
// shows other numbers than its inputs give (CI runs it).
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { actionTable, capacityTable, storageTable } from "./capacity-model.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    inputs: { type: "string", default: join(ROOT, "docs/capacity-inputs.json") },
    doc: { type: "string", default: join(ROOT, "docs/SCALING.md") },
    write: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});

const inputs = JSON.parse(readFileSync(flags.inputs, "utf8"));
const tables = { model: capacityTable(inputs), actions: actionTable(inputs), storage: storageTable(inputs) };

if (!flags.write && !flags.check) {
  process.stdout.write(
    `Capacity model (docs/SCALING.md), from ${flags.inputs}\n\n${tables.model}\n\nPer action\n\n${tables.actions}\n\nPer table\n\n${tables.storage}\n`,
  );
  process.exit(0);
}

const doc = readFileSync(flags.doc, "utf8");
let updated = doc;
for (const [name, table] of Object.entries(tables)) {
  const pattern = new RegExp(`(<!-- capacity:${name} -->\\n)[\\s\\S]*?(<!-- /capacity:${name} -->)`);
  if (!pattern.test(updated))
    throw new Error(`${flags.doc} has no <!-- capacity:${name} --> … <!-- /capacity:${name} --> block`);
  updated = updated.replace(pattern, (_, open, close) => `${open}${table}\n${close}`);
}
if (flags.write) {
  writeFileSync(flags.doc, updated);
  process.stdout.write(`updated ${flags.doc}\n`);
} else if (updated !== doc) {
  process.stderr.write(
    `${flags.doc} does not show what ${flags.inputs} gives: run npm run capacity -- --write\n`,
  );
  process.exit(1);
} else {
  process.stdout.write(`${flags.doc} matches ${flags.inputs}\n`);
}
