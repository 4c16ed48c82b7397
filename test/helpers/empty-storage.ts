import { env } from "cloudflare:workers";

/**
 * reset() now and then leaves storage as the last file left it (seen in full runs: the snapshot's first
 * CREATE TABLE failed on an existing table), so what is still there is dropped or deleted here: both
 * databases (the lagging replica's too, test/helpers/lagging-replica.ts), every KV key, every R2 object.
 */
export async function emptyLeftovers() {
  await emptyDatabase(env.DB);
  await emptyDatabase(env.DB_REPLICA);
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ cursor });
    await Promise.all(page.keys.map((k) => env.KV.delete(k.name)));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  for (let page = await env.MEDIA.list(); page.objects.length; page = await env.MEDIA.list()) {
    await env.MEDIA.delete(page.objects.map((o) => o.key));
  }
}

export async function emptyDatabase(db: D1Database) {
  const { results } = await db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
    )
    .all<{ type: string; name: string; sql: string }>();
  // Triggers and views first (they name tables), then virtual tables (they drop their shadow tables), then
  // the rest, a table that another still references on a later pass.
  const rank = (o: { type: string; sql: string }) =>
    o.type !== "table" ? 0 : o.sql.startsWith("CREATE VIRTUAL TABLE") ? 1 : 2;
  let left = results.sort((a, b) => rank(a) - rank(b));
  while (left.length) {
    const failed: typeof left = [];
    for (const o of left) {
      await db
        .prepare(`DROP ${o.type.toUpperCase()} IF EXISTS "${o.name.replaceAll('"', '""')}"`)
        .run()
        .catch(() => failed.push(o));
    }
    if (failed.length === left.length)
      throw new Error(`cannot empty the database: ${failed.map((o) => o.name).join(", ")}`);
    left = failed;
  }
}
