// The capacity model of docs/SCALING.md as pure functions of docs/capacity-inputs.json: the
// measured figures (`measured`, written by scripts/capacity-measure.mjs), the benchmark's CPU per
// request (`cpuMsPerRequest`, from BENCHMARKS.md), a stated traffic mix (`traffic`) and Cloudflare's
// published limits and list prices (`limits`, `prices`, each with its source). No I/O here, so the
// test suite can run it; scripts/capacity.mjs prints it.

const DAY_S = 86_400;
const MONTH_DAYS = 30;
const GB = 1e9;

/** What one request of `action` costs, from the measured figures; throws on an action never measured. */
export function perRequest(inputs, action, users = inputs.measured.actions.users) {
  const m = inputs.measured.actions.results[action];
  if (!m)
    throw new Error(`traffic mix names "${action}", which scripts/capacity-measure.mjs did not measure`);
  const cpu = inputs.cpuMsPerRequest.routes[action] ?? inputs.cpuMsPerRequest.default;
  const bytes = Object.entries(m.rowsAdded).reduce(
    (sum, [table, rows]) => sum + rows * bytesPerRow(inputs, table),
    0,
  );
  const growth = Object.entries(m.rowsAdded)
    .filter(([table]) => !inputs.traffic.steadyTables.includes(table))
    .reduce((sum, [table, rows]) => sum + rows * bytesPerRow(inputs, table), 0);
  const doRequests = (m.rowsAdded.notifications ?? 0) + (inputs.traffic.doRequestsPerRequest[action] ?? 0);
  // Rows read that follow the data (search's candidates) scale from the size they were measured at.
  const rowsRead = inputs.traffic.rowsReadGrowWithUsers.includes(action)
    ? (m.rowsRead * users) / inputs.measured.actions.users
    : m.rowsRead;
  return {
    queries: m.queries,
    rowsRead,
    rowsWritten: m.rowsWritten,
    kvWrites: m.kvWrites ?? 0,
    bytes,
    growth,
    cpu,
    doRequests,
  };
}

/** Bytes a row of `table` takes with its index entries: measured on the seeded file, else on the action run's rows at the seeded pages' fill. */
export function bytesPerRow(inputs, table) {
  const seeded = inputs.measured.storage.tables[table]?.bytesPerRow;
  if (seeded) return seeded;
  const used = inputs.measured.actions.usedBytesPerRow[table];
  if (used) return Math.round(used / inputs.measured.storage.pageFill);
  throw new Error(`no bytes-per-row figure for table ${table}`);
}

/** The empty schema's pages: what the smallest seeded file holds beyond its users' share. */
export function schemaBytes(inputs) {
  const { fileBytes, bytesPerSeededUser } = inputs.measured.storage;
  const [users, bytes] = Object.entries(fileBytes).map(([u, b]) => [Number(u), b])[0];
  return Math.max(0, bytes - users * bytesPerSeededUser);
}

/** Everything the table shows for one user count. */
export function model(inputs, users) {
  const { traffic, prices, limits } = inputs;
  const active = users * traffic.dailyActiveShare;
  let requests = 0;
  const day = {
    queries: 0,
    primaryQueries: 0,
    rowsRead: 0,
    rowsReadFlat: 0,
    rowsWritten: 0,
    kvWrites: 0,
    growth: 0,
    cpu: 0,
    doRequests: 0,
  };
  for (const [action, perUser] of Object.entries(traffic.perActiveUserPerDay)) {
    const n = active * perUser;
    const r = perRequest(inputs, action, users);
    requests += n;
    day.queries += n * r.queries;
    if (traffic.primaryActions.includes(action)) day.primaryQueries += n * r.queries;
    day.rowsRead += n * r.rowsRead;
    day.rowsReadFlat += n * perRequest(inputs, action).rowsRead;
    day.rowsWritten += n * r.rowsWritten;
    day.kvWrites += n * r.kvWrites;
    day.growth += n * r.growth;
    day.cpu += n * r.cpu;
    day.doRequests += n * r.doRequests;
  }
  day.doRequests += active * traffic.streamConnectsPerActiveUserPerDay;
  // The rate limiter reads its window once per client, minute and isolate (src/infra/rate-limiter.ts).
  const kvReads = active * traffic.activeMinutesPerActiveUserPerDay;
  // Hibernating sockets: a hub is billed only while it handles a request (the push or the upgrade).
  const doGbSeconds = day.doRequests * (traffic.doWallMsPerRequest / 1000) * 0.128;

  const storage = schemaBytes(inputs) + users * inputs.measured.storage.bytesPerSeededUser;
  const daysTo10GB =
    storage >= limits.d1.maxDatabaseBytes ? 0 : (limits.d1.maxDatabaseBytes - storage) / day.growth;
  const peak = traffic.peakToAverage / DAY_S;
  const month = (perDay) => perDay * MONTH_DAYS;
  const over = (used, included, perMillion) => (Math.max(0, used - included) / 1e6) * perMillion;
  const avgStorageGB = (storage + month(day.growth) / 2) / GB;
  const cost = {
    workers:
      prices.workers.baseMonthly +
      over(month(requests), prices.workers.requestsIncluded, prices.workers.perMillionRequests) +
      over(month(day.cpu), prices.workers.cpuMsIncluded, prices.workers.perMillionCpuMs),
    d1:
      over(month(day.rowsRead), prices.d1.rowsReadIncluded, prices.d1.perMillionRowsRead) +
      over(month(day.rowsWritten), prices.d1.rowsWrittenIncluded, prices.d1.perMillionRowsWritten) +
      Math.max(0, avgStorageGB - prices.d1.storageIncludedGB) * prices.d1.perGBMonth,
    d1BoundedSearch:
      over(month(day.rowsReadFlat), prices.d1.rowsReadIncluded, prices.d1.perMillionRowsRead) +
      over(month(day.rowsWritten), prices.d1.rowsWrittenIncluded, prices.d1.perMillionRowsWritten) +
      Math.max(0, avgStorageGB - prices.d1.storageIncludedGB) * prices.d1.perGBMonth,
    kv:
      over(month(kvReads), prices.kv.readsIncluded, prices.kv.perMillionReads) +
      over(month(day.kvWrites), prices.kv.writesIncluded, prices.kv.perMillionWrites),
    durableObjects:
      over(
        month(day.doRequests),
        prices.durableObjects.requestsIncluded,
        prices.durableObjects.perMillionRequests,
      ) +
      (Math.max(0, month(doGbSeconds) - prices.durableObjects.gbSecondsIncluded) / 1e6) *
        prices.durableObjects.perMillionGbSeconds,
  };
  return {
    users,
    activeUsers: active,
    requestsPerSecondPeak: requests * peak,
    storageBytes: storage,
    growthBytesPerDay: day.growth,
    daysTo10GB,
    queriesPerSecondPeak: day.queries * peak,
    primaryQueriesPerSecondPeak: day.primaryQueries * peak,
    primaryLoadAt1ms: (day.queries * peak) / limits.d1.queriesPerSecondAt1msQueries,
    primaryLoadAt1msWithReplicas: (day.primaryQueries * peak) / limits.d1.queriesPerSecondAt1msQueries,
    rowsReadPerMonth: month(day.rowsRead),
    rowsWrittenPerMonth: month(day.rowsWritten),
    kvWritesPerSecondPeak: day.kvWrites * peak,
    kvReadsPerMonth: month(kvReads),
    doRequestsPerSecondPeak: day.doRequests * peak,
    cost: { ...cost, total: cost.workers + cost.d1 + cost.kv + cost.durableObjects },
  };
}

const int = (n) => Math.round(n).toLocaleString("en-US");
const fix = (n, digits = 1) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const size = (bytes) => (bytes >= GB ? `${fix(bytes / GB)} GB` : `${int(bytes / 1e6)} MB`);
const money = (n) => `$${int(n)}`;
const days = (d) =>
  d === 0
    ? "**over at the start**"
    : d > 3650
      ? "> 10 years"
      : d > 730
        ? `${fix(d / 365)} years`
        : `${int(d)} days`;

/** The model's table, one column per user count. */
export function capacityTable(inputs) {
  const rows = inputs.traffic.userCounts.map((n) => model(inputs, n));
  const line = (label, f) => `| ${label} | ${rows.map(f).join(" | ")} |`;
  return [
    `| at … registered users | ${rows.map((r) => int(r.users)).join(" | ")} |`,
    `|---|${rows.map(() => "--:").join("|")}|`,
    line("daily active users", (r) => int(r.activeUsers)),
    line("requests/s at peak", (r) => fix(r.requestsPerSecondPeak)),
    line("D1 database size (seeded profile)", (r) => size(r.storageBytes)),
    line("D1 growth per day", (r) => size(r.growthBytesPerDay)),
    line("time until 10 GB", (r) => days(r.daysTo10GB)),
    line("D1 queries/s at peak, all on the primary (today)", (r) => fix(r.queriesPerSecondPeak)),
    line("… share of one primary at 1 ms a query", (r) => `${fix(r.primaryLoadAt1ms * 100)} %`),
    line("D1 queries/s at peak on the primary with sessions (writes, credential reads)", (r) =>
      fix(r.primaryQueriesPerSecondPeak),
    ),
    line("… share of one primary at 1 ms a query", (r) => `${fix(r.primaryLoadAt1msWithReplicas * 100)} %`),
    line("D1 rows read per month", (r) => int(r.rowsReadPerMonth)),
    line("D1 rows written per month", (r) => int(r.rowsWrittenPerMonth)),
    line("KV writes/s at peak (rate limiter, all keys)", (r) => fix(r.kvWritesPerSecondPeak, 2)),
    line("KV reads per month (rate limiter)", (r) => int(r.kvReadsPerMonth)),
    line("Durable Object requests/s at peak (all hubs)", (r) => fix(r.doRequestsPerSecondPeak)),
    line("cost/month: Workers (requests + CPU)", (r) => money(r.cost.workers)),
    line("cost/month: D1", (r) => money(r.cost.d1)),
    line("… D1 if search read no more than at the measured size", (r) => money(r.cost.d1BoundedSearch)),
    line("cost/month: KV", (r) => money(r.cost.kv)),
    line("cost/month: Durable Objects", (r) => money(r.cost.durableObjects)),
    line("**cost/month, total at list prices**", (r) => `**${money(r.cost.total)}**`),
  ].join("\n");
}

/** The measured cost of each action of the mix, so every figure of the table can be traced back. */
export function actionTable(inputs) {
  const head =
    "| action | per active user per day | D1 statements | rows read | rows written | rows left behind | bytes left behind | CPU ms (bench) | DO requests | on the primary with sessions |\n|---|--:|--:|--:|--:|---|--:|--:|--:|---|";
  const lines = Object.entries(inputs.traffic.perActiveUserPerDay).map(([action, perUser]) => {
    const m = inputs.measured.actions.results[action];
    const r = perRequest(inputs, action);
    const left =
      Object.entries(m.rowsAdded)
        .map(([t, n]) => `${t} ${n > 0 ? "+" : ""}${n}`)
        .join(", ") || "—";
    return `| ${action} | ${perUser} | ${r.queries} | ${r.rowsRead} | ${r.rowsWritten} | ${left} | ${int(r.bytes)} | ${r.cpu} | ${fix(r.doRequests, 2)} | ${inputs.traffic.primaryActions.includes(action) ? "yes" : "no"} |`;
  });
  return [head, ...lines].join("\n");
}

/** Bytes per row of every table: measured on the seeded file, or on the rows the action run left. */
export function storageTable(inputs) {
  const { tables, pageFill } = inputs.measured.storage;
  const used = inputs.measured.actions.usedBytesPerRow;
  const sizes = Object.keys(Object.values(tables)[0])
    .filter((k) => k.startsWith("rows@"))
    .map((k) => k.slice(5));
  const [small, large] = [sizes[0], sizes.at(-1)];
  const head = `| table | rows @${int(Number(small))} users | rows @${int(Number(large))} users | bytes/row (table + indexes) | how |\n|---|--:|--:|--:|---|`;
  const lines = Object.entries(tables).map(([name, t]) => {
    if (t.bytesPerRow)
      return `| ${name} | ${int(t[`rows@${small}`])} | ${int(t[`rows@${large}`])} | ${int(t.bytesPerRow)} | seeded growth |`;
    if (used[name])
      return `| ${name} | 0 | 0 | ${int(used[name] / pageFill)} | action run: ${used[name]} B in use at ${fix(pageFill * 100)} % page fill |`;
    return `| ${name} | 0 | 0 | — | no rows in either run |`;
  });
  return [head, ...lines].join("\n");
}
