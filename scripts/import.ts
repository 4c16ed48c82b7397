// `npm run import -- --from <dir> [--remote] [--dry-run] [--merge-by-email] [--id-offset N] [--persist-to DIR] [--legacy-token-days N]`
// With DJANGO_SECRET_KEY in the environment (the old system's SECRET_KEY), its django_session rows come too.
// Loads a Django system's `manage.py dumpdata` JSON (every *.json under <dir>) into this service's D1,
// keeping the original ids, in foreign-key order and in statements within D1's limits. Collisions are
// printed and those accounts left out; a re-run inserts nothing it inserted before. See README,
// "Moving in from Django".
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { IMAGE_CONTENT_TYPES, sniffImageType } from "../src/infra/image-type";
import { planImport, type DumpRecord, type ExistingUser } from "./import/plan";

const { values } = parseArgs({
  options: {
    from: { type: "string" },
    remote: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    "merge-by-email": { type: "boolean", default: false },
    "id-offset": { type: "string", default: "0" },
    "persist-to": { type: "string" },
    media: { type: "string" },
    "legacy-token-days": { type: "string", default: "100" },
  },
});
if (!values.from) {
  console.error(
    "Usage: npm run import -- --from <dir> [--remote] [--dry-run] [--merge-by-email] [--id-offset N]",
  );
  process.exit(2);
}

if (!/^[1-9]\d{0,4}$/.test(values["legacy-token-days"])) {
  console.error(
    "--legacy-token-days takes a whole number of days (the old system's SimpleJWT REFRESH_TOKEN_LIFETIME)",
  );
  process.exit(2);
}

const where = values.remote
  ? ["--remote"]
  : ["--local", ...(values["persist-to"] ? ["--persist-to", values["persist-to"]] : [])];
const wrangler = (args: string[]) =>
  execFileSync("npx", ["wrangler", "d1", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });

const files = readdirSync(values.from, { recursive: true, encoding: "utf8" }).filter((f) =>
  f.endsWith(".json"),
);
const records: DumpRecord[] = files.flatMap(
  (f) => JSON.parse(readFileSync(join(values.from!, f), "utf8")) as DumpRecord[],
);
console.log(`Read ${records.length} records from ${files.length} file(s) in ${values.from}`);

if (!values["dry-run"]) wrangler(["migrations", "apply", "DB", ...where]);
let existing: ExistingUser[] = [];
try {
  const out = JSON.parse(
    wrangler([
      "execute",
      "DB",
      ...where,
      "--json",
      "--command",
      "SELECT id, username_key, email_key FROM users",
    ]),
  );
  existing = out[0].results;
} catch (err) {
  // A dry run against a database that was never migrated: nothing exists yet.
  if (!values["dry-run"]) throw err;
}

// From the environment, never a flag: a flag stays in the shell's history and in `ps`.
const djangoSecretKey = process.env.DJANGO_SECRET_KEY?.trim() ? process.env.DJANGO_SECRET_KEY : undefined;
const plan = planImport(records, existing, {
  mergeByEmail: values["merge-by-email"],
  idOffset: Number(values["id-offset"]),
  djangoSecretKey,
  legacyTokenDays: Number(values["legacy-token-days"]),
});
for (const line of plan.collisions) console.log(`COLLISION ${line}`);
for (const line of plan.merged) console.log(`MERGED ${line}`);
console.log(`${plan.alreadyPresent} user(s) already present from an earlier run`);
for (const [model, n] of Object.entries(plan.ignored)) console.log(`not carried over: ${n} ${model}`);
console.log(`${values["dry-run"] ? "Would write" : "Writing"} (rows already there are left as they are):`);
for (const t of plan.tables)
  console.log(
    `  ${t.table.padEnd(22)} ${String(t.rows).padStart(8)} rows in ${t.statements.length} statement(s)`,
  );
console.log(
  `  ${"media files".padEnd(22)} ${String(plan.media.length).padStart(8)} named${values.media ? "" : " (not copied: no --media)"}`,
);
if (values["dry-run"]) process.exit(0);

/**
 * Copies each named image from the media folder into R2 under a key made from its path, so a re-run
 * writes the same object and the same column value. Images are checked by their bytes, as uploads are.
 */
function copyMedia(): string[] {
  const bucket = /bucket_name\s*=\s*"([^"]+)"/.exec(readFileSync("wrangler.toml", "utf8"))![1];
  const updates: string[] = [];
  for (const item of plan.media) {
    const file = join(values.media!, item.path);
    let head: Uint8Array;
    try {
      head = readFileSync(file).subarray(0, 16);
    } catch {
      console.log(`MEDIA MISSING ${item.table} ${item.id}: ${item.path}`);
      continue;
    }
    const type = sniffImageType(head);
    if (!type) {
      console.log(
        `MEDIA REFUSED ${item.table} ${item.id}: ${item.path} is not a JPEG, PNG, GIF or WebP image`,
      );
      continue;
    }
    const key = `u/${item.ownerId}/${item.kind}/django-${createHash("sha256").update(item.path).digest("hex").slice(0, 16)}.${type === "jpeg" ? "jpg" : type}`;
    execFileSync(
      "npx",
      [
        "wrangler",
        "r2",
        "object",
        "put",
        `${bucket}/${key}`,
        "--file",
        file,
        "--content-type",
        IMAGE_CONTENT_TYPES[type],
        "--cache-control",
        "public, max-age=31536000, immutable",
        ...where,
      ],
      { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true" } },
    );
    // Only where nothing newer was set through the API since.
    updates.push(
      `UPDATE ${item.table} SET ${item.column} = '${key}' WHERE id = ${item.id} AND (${item.column} IS NULL OR ${item.column} = '${key}');`,
    );
  }
  return updates;
}
const mediaUpdates = values.media ? copyMedia() : [];
if (plan.tables.every((t) => !t.statements.length) && !mediaUpdates.length) process.exit(0);

// One file, tables in foreign-key order: one wrangler call (each costs seconds), statements each within D1's limit.
const dir = mkdtempSync(join(tmpdir(), "django-import-"));
const started = Date.now();
try {
  const file = join(dir, "import.sql");
  writeFileSync(file, [...plan.tables.flatMap((t) => t.statements), ...mediaUpdates].join("\n"));
  wrangler(["execute", "DB", ...where, "--file", file]);
  console.log(`Imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
