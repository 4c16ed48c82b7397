// Formats a run as markdown: a header of facts, then one table row per route.
import { readFileSync, readdirSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

/** Raw and gzipped size of the deployable bundle, in KiB (default gzip level, as wrangler reports it). */
/** Every module wrangler would upload (the entry and its Text modules), as its "Total Upload" counts them. */
export function bundleSize(path) {
  const files = readdirSync(dirname(path)).filter((f) => f.endsWith(".js") || f.endsWith(".txt"));
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dirname(path), f));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw: raw / 1024, gzip: gzip / 1024 };
}

const fixed = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? "—" : n.toFixed(digits));
const ms = (n) => fixed(n, n < 1 ? 2 : n < 10 ? 1 : 0);
/** Error texts end up in a table cell: no pipes or line breaks. */
const cell = (text) => String(text ?? "").replace(/\|/g, "/").replace(/\s+/g, " ");

function row(r, ceilingRps) {
  const request = r.display ?? `${r.method} ${r.path}`;
  if (r.skipped) return `| ${r.name} | \`${request}\` | — | — | — | — | — | — | — | skipped (${cell(r.skipped)}) |`;
  if (r.failed) return `| ${r.name} | \`${request}\` | — | — | — | — | — | — | — | FAILED: ${cell(r.failed)} |`;
  const ratio = r.rps && ceilingRps ? `${((100 * r.rps) / ceilingRps).toFixed(1)} %` : "—";
  const queries = r.queries === null ? "n/a" : fixed(r.queries, Number.isInteger(r.queries) ? 0 : 2);
  return `| ${r.name} | \`${request}\` | ${fixed(r.rps)} | ${ratio} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} / ${r.requests} | ${queries} | ${r.cpuMs == null ? "n/a" : ms(r.cpuMs)} | ${cell(r.note)} |`;
}

export function markdown({ options, runtime, seedLines, bundle, hashMs, ceiling, results }) {
  const lines = [
    `Run: ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"} · Node ${process.versions.node}`,
    `Runtime: ${runtime}`,
    `Load: ${options.concurrency} concurrent requests per route, ${options.warmup} s warm-up + ${options.duration} s measured, keep-alive, no compression`,
    `Data set: ${seedLines.join("; ")}`,
    `Bundle (wrangler deploy --dry-run, every uploaded module): ${bundle.raw.toFixed(1)} KiB raw, ${bundle.gzip.toFixed(1)} KiB gzip`,
    `Password hash (scrypt N=2^15 r=8 p=3, Node, median of 5): ${hashMs.toFixed(0)} ms CPU`,
    "",
    "| route | request | req/s | vs ceiling | p50 ms | p99 ms | errors / requests | D1 queries/req | workerd CPU ms/req | notes |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    row({ ...ceiling, name: "ceiling: bare Hono", display: "GET / → fixed JSON" }, ceiling.rps),
    ...results.map((r) => row(r, ceiling.rps)),
  ];
  return lines.join("\n");
}
