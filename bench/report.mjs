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
/** Rows per request from X-D1-Rows-Read/-Written; "-" when the Worker does not send them. */
const rows = (n) => (n == null ? "-" : fixed(n, n < 10 && !Number.isInteger(n) ? 1 : 0));
const ms = (n) => fixed(n, n < 1 ? 2 : n < 10 ? 1 : 0);
/** Error texts end up in a table cell: no pipes or line breaks. */
const cell = (text) =>
  String(text ?? "")
    .replace(/\|/g, "/")
    .replace(/\s+/g, " ");

function row(r, ceilingRps) {
  const request = r.display ?? `${r.method} ${r.path}`;
  if (r.skipped)
    return `| ${r.name} | \`${request}\` | — | — | — | — | — | — | — | — | — | skipped (${cell(r.skipped)}) |`;
  if (r.failed)
    return `| ${r.name} | \`${request}\` | — | — | — | — | — | — | — | — | — | FAILED: ${cell(r.failed)} |`;
  const ratio = r.rps && ceilingRps ? `${((100 * r.rps) / ceilingRps).toFixed(1)} %` : "—";
  const queries = r.queries === null ? "n/a" : fixed(r.queries, Number.isInteger(r.queries) ? 0 : 2);
  return `| ${r.name} | \`${request}\` | ${fixed(r.rps)} | ${ratio} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} / ${r.requests} | ${queries} | ${rows(r.rowsRead)} | ${rows(r.rowsWritten)} | ${r.cpuMs == null ? "n/a" : ms(r.cpuMs)} | ${cell(r.note)} |`;
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
    "| route | request | req/s | vs ceiling | p50 ms | p99 ms | errors / requests | D1 queries/req | rows read/req | rows written/req | workerd CPU ms/req | notes |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    row({ ...ceiling, name: "ceiling: bare Hono", display: "GET / → fixed JSON" }, ceiling.rps),
    ...results.map((r) => row(r, ceiling.rps)),
  ];
  return lines.join("\n");
}

/**
 * One row per route, the sizes side by side (`runs`: [{ users, results }] in order): what the
 * issue 20 targets compare — CPU at the largest size over the smallest, rows read per request.
 */
export function comparison(runs) {
  const sizes = runs.map((r) => r.users.toLocaleString("en-US"));
  const per = (label) => sizes.map((s) => `${label} @${s}`);
  const header = [
    "route",
    ...per("req/s"),
    ...per("p50/p99 ms"),
    ...per("CPU ms/req"),
    "CPU growth",
    ...per("D1 stmts"),
    ...per("rows read"),
    ...per("rows written"),
  ];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|---|${header
      .slice(1)
      .map(() => "--:")
      .join("|")}|`,
  ];
  for (const { name } of runs[0].results) {
    const rs = runs.map((run) => run.results.find((r) => r.name === name) ?? { skipped: "not run" });
    const ok = (r) => !r.skipped && !r.failed;
    const each = (f) => rs.map((r) => (ok(r) ? f(r) : r.skipped ? "skipped" : "FAILED"));
    const first = rs[0];
    const last = rs.at(-1);
    const growth =
      ok(first) && ok(last) && first.cpuMs && last.cpuMs ? `×${(last.cpuMs / first.cpuMs).toFixed(2)}` : "—";
    lines.push(
      `| ${[
        name,
        ...each((r) => fixed(r.rps)),
        ...each((r) => `${ms(r.p50)} / ${ms(r.p99)}`),
        ...each((r) => (r.cpuMs == null ? "n/a" : ms(r.cpuMs))),
        growth,
        ...each((r) => (r.queries == null ? "n/a" : fixed(r.queries, Number.isInteger(r.queries) ? 0 : 1))),
        ...each((r) => rows(r.rowsRead)),
        ...each((r) => rows(r.rowsWritten)),
      ].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}
