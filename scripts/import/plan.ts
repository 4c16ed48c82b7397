// Turns Django `manage.py dumpdata` records into the SQL that loads them into this service's D1,
// keeping the original ids. Pure: no files, no wrangler, so the tests run the very statements
// `npm run import` runs, against real local D1 (test/scripts/import.test.ts).
import { createHash, randomBytes } from "node:crypto";
import { usernameKey } from "../../src/domain/users/username";
import { sessionUser } from "./django-session";

export interface DumpRecord {
  model: string;
  pk: number | string | null;
  fields: Record<string, unknown>;
}

/** An account already in the target database, as the collision checks need it. */
export interface ExistingUser {
  id: number;
  username_key: string;
  email_key: string | null;
}

export interface PlanOptions {
  /** An imported user whose email (case-folded) is an existing account's is that account (README: Moving in from Django). */
  mergeByEmail?: boolean;
  /** Added to every imported id, for a second system whose ids overlap the first's. */
  idOffset?: number;
  /** Epoch ms for rows the export gives no time for. */
  now?: number;
  /** The old system's SECRET_KEY: without it `django_session` rows cannot be read, and are not carried over. */
  djangoSecretKey?: string;
  /** How long the old system's SimpleJWT tokens not yet presented stay exchangeable: its REFRESH_TOKEN_LIFETIME (Twimbol's: 100 days). */
  legacyTokenDays?: number;
}

export interface TablePlan {
  table: string;
  rows: number;
  statements: string[];
}

/** A media file the export names, to be copied from the media folder into R2 (`--media`). */
export interface MediaItem {
  table: "users" | "posts";
  id: number;
  /** The user the R2 key is filed under (`u/{ownerId}/{kind}/…`). */
  ownerId: number;
  column: "avatar_key" | "banner_key";
  kind: "avatar" | "post";
  /** Relative to Django's MEDIA_ROOT, as the ImageField stored it. */
  path: string;
}

export interface ImportPlan {
  media: MediaItem[];
  tables: TablePlan[];
  /** Accounts not imported (and their rows dropped), each with the reason, for the operator to settle by hand. */
  collisions: string[];
  merged: string[];
  /** Imported users already present from an earlier run of the same import. */
  alreadyPresent: number;
  /** Records of models this importer does not carry over, by model. */
  ignored: Record<string, number>;
}

/** D1 refuses statements past 100 KB; multi-row inserts are cut well below. */
const STATEMENT_BYTES = 90_000;

/** A user model is any model named `user` or `customuser` (auth.user, MediaCMS's users.user, Cocotree's). */
const isUserModel = (label: string) => /\.(user|customuser)$/.test(label);
const POST_TYPES = new Set(["post", "reel", "video", "youtube_video", "youtube_reel"]);
const REPORT_REASONS = new Set(["spam", "abuse", "false", "hate", "nsfw", "other"]);
const FRIEND_STATUSES = new Set(["pending", "accepted", "rejected"]);
const MESSAGE_TYPES = new Set(["text", "image", "file", "system"]);

const sqlValue = (v: unknown): string => {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "NULL";
  return `'${String(v).replaceAll("'", "''")}'`;
};

/** Django datetimes as ISO strings; Cocotree's `FloatField` times as epoch seconds. */
const ms = (v: unknown, fallback: number): number => {
  const t = typeof v === "string" ? Date.parse(v) : typeof v === "number" ? v * 1000 : NaN;
  return Number.isFinite(t) ? t : fallback;
};
const text = (v: unknown) => (typeof v === "string" ? v : "");
/** Django fills image fields with a shared placeholder (`…/default.jpg`, MediaCMS's `userlogos/user.jpg`): not the user's. */
const ownMedia = (v: unknown) => {
  const path = text(v);
  return path &&
    !/(^|\/)(default[^/]*|post_banner_default[^/]*|user\.jpg)$/.test(path) &&
    !path.includes("..")
    ? path
    : null;
};
const id = (v: unknown): number | null => {
  const n = Array.isArray(v) ? Number(v[0]) : Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};
const flag = (v: unknown, fallback = false) => (typeof v === "boolean" ? v : fallback);

class Table {
  readonly rows: string[] = [];
  /**
   * `guard`: rows carry one more value than `columns`, and go in only where the guard (over
   * `column1…`, SQLite's names for a VALUES list's columns) holds when the statement runs.
   */
  constructor(
    readonly name: string,
    readonly columns: string[],
    readonly guard?: string,
  ) {}
  add(values: unknown[]) {
    this.rows.push(`(${values.map(sqlValue).join(", ")})`);
  }
  /** `INSERT … ON CONFLICT DO NOTHING`: a row already there (an earlier run, a taken key) is left as it is. */
  plan(): TablePlan {
    const picked = this.columns.map((_, i) => `column${i + 1}`).join(", ");
    const head = `INSERT INTO ${this.name} (${this.columns.join(", ")}) ${this.guard ? `SELECT ${picked} FROM (VALUES ` : "VALUES "}`;
    const tail = this.guard ? `) WHERE ${this.guard} ON CONFLICT DO NOTHING;` : " ON CONFLICT DO NOTHING;";
    const statements: string[] = [];
    let chunk: string[] = [];
    let bytes = head.length + tail.length;
    const flush = () => {
      if (chunk.length) statements.push(`${head}${chunk.join(", ")}${tail}`);
      chunk = [];
      bytes = head.length + tail.length;
    };
    for (const row of this.rows) {
      if (bytes + row.length + 2 > STATEMENT_BYTES) flush();
      chunk.push(row);
      bytes += row.length + 2;
    }
    flush();
    return { table: this.name, rows: this.rows.length, statements };
  }
}

export function planImport(
  records: DumpRecord[],
  existing: ExistingUser[],
  options: PlanOptions = {},
): ImportPlan {
  const offset = options.idOffset ?? 0;
  const now = options.now ?? Date.now();
  const byModel = new Map<string, DumpRecord[]>();
  for (const r of records) {
    const model = r.model.toLowerCase();
    const list = byModel.get(model);
    if (list) list.push(r);
    else byModel.set(model, [r]);
  }
  /** By full label, or by model name alone: the app labels of Cocotree's and the game's installs vary. */
  const take = (model: string) => {
    const wanted = (label: string) =>
      label === model || (!model.includes(".") && label.endsWith(`.${model}`));
    const labels = [...byModel.keys()].filter(wanted);
    const list = labels.flatMap((label) => byModel.get(label)!);
    for (const label of labels) byModel.delete(label);
    return list;
  };

  const groupNames = new Map(take("auth.group").map((g) => [id(g.pk), text(g.fields.name)]));
  const existingById = new Map(existing.map((u) => [u.id, u]));
  const existingByName = new Map(existing.map((u) => [u.username_key, u]));
  const existingByEmail = new Map(existing.filter((u) => u.email_key).map((u) => [u.email_key!, u]));

  const collisions: string[] = [];
  const media: MediaItem[] = [];
  const merged: string[] = [];
  let alreadyPresent = 0;
  /** Imported user id → the id its rows attach to (itself, or the account it merged into). */
  const userId = new Map<number, number>();
  const seenNames = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  /** Users this run writes, by their export id: only they get the old system's sessions (see legacyCredentials). */
  const created = new Map<number, { id: number; key: string; password: string }>();

  const users = new Table("users", [
    "id",
    "username",
    "username_key",
    "email",
    "email_key",
    "password_hash",
    "first_name",
    "last_name",
    "display_name",
    "bio",
    "location",
    "date_joined",
    "last_login",
    "is_active",
    "is_banned",
    "is_featured",
    "is_editor",
    "is_manager",
    "advanced_user",
    "email_is_verified",
    "score",
    "phone",
  ]);
  const groups = new Table("user_groups", ["user_id", "name"]);
  // allauth keeps verification in its own table (MediaCMS's `email_is_verified` is a property over it): an
  // address arrives verified when a verified EmailAddress row of that user names the same address.
  const verifiedEmails = new Set(
    take("account.emailaddress")
      .filter((r) => r.fields.verified === true)
      .map((r) => `${id(r.fields.user)}:${text(r.fields.email).trim().toLowerCase()}`),
  );
  const userRecords = [...byModel.keys()].filter(isUserModel).flatMap(take);
  userRecords.sort((a, b) => (id(a.pk) ?? 0) - (id(b.pk) ?? 0));

  for (const r of userRecords) {
    const f = r.fields;
    const sourceId = id(r.pk);
    const username = text(f.username).normalize("NFKC");
    if (!sourceId || !username) {
      collisions.push(`${r.model} ${String(r.pk)}: no id or username`);
      continue;
    }
    const newId = sourceId + offset;
    const key = usernameKey(username);
    const email = text(f.email).trim() || null;
    const emailKey = email?.toLowerCase() ?? null;
    const label = `user ${sourceId} "${username}"`;

    const sameId = existingById.get(newId);
    if (sameId && sameId.username_key === key) {
      alreadyPresent += 1;
      userId.set(sourceId, newId);
      continue;
    }
    const emailOwner = emailKey ? existingByEmail.get(emailKey) : undefined;
    if (options.mergeByEmail && emailOwner) {
      merged.push(`${label} is account ${emailOwner.id} (same email)`);
      userId.set(sourceId, emailOwner.id);
      continue;
    }
    const clash = sameId
      ? `id ${newId} is taken by another account`
      : existingByName.has(key)
        ? `username is taken by account ${existingByName.get(key)!.id} (case-insensitively)`
        : emailOwner
          ? `email is taken by account ${emailOwner.id} (pass --merge-by-email if they are the same person)`
          : seenNames.has(key)
            ? `username equals imported user ${seenNames.get(key)}'s case-insensitively`
            : emailKey && seenEmails.has(emailKey)
              ? `email equals imported user ${seenEmails.get(emailKey)}'s`
              : null;
    if (clash) {
      collisions.push(`${label}: ${clash}; not imported`);
      continue;
    }
    seenNames.set(key, sourceId);
    if (emailKey) seenEmails.set(emailKey, sourceId);
    userId.set(sourceId, newId);

    const password = text(f.password);
    created.set(sourceId, { id: newId, key, password });
    users.add([
      newId,
      username,
      key,
      email,
      emailKey,
      // Kept as Django wrote it behind a prefix of its own; an empty one is Django's unusable password.
      `django:${password || "!"}`,
      text(f.first_name),
      text(f.last_name),
      text(f.name),
      text(f.description) || text(f.bio),
      text(f.location),
      ms(f.date_joined ?? f.created_time, now),
      f.last_login ? ms(f.last_login, now) : null,
      flag(f.is_active, true),
      flag(f.is_banned),
      flag(f.is_featured),
      flag(f.is_editor),
      flag(f.is_manager),
      flag(f.advancedUser),
      flag(f.email_is_verified) || (emailKey !== null && verifiedEmails.has(`${sourceId}:${emailKey}`)),
      Number.isInteger(f.score) ? f.score : 0,
      text(f.phone_number),
    ]);
    const names = new Set(["visitor"]);
    for (const g of Array.isArray(f.groups) ? f.groups : []) {
      const name = Array.isArray(g) ? text(g[0]) : groupNames.get(id(g));
      if (name) names.add(name);
    }
    if (f.is_superuser === true) names.add("admin");
    const avatar = ownMedia(f.avatar) ?? ownMedia(f.profile_picture) ?? ownMedia(f.logo);
    if (avatar)
      media.push({
        table: "users",
        id: newId,
        ownerId: newId,
        column: "avatar_key",
        kind: "avatar",
        path: avatar,
      });
    for (const name of names) groups.add([newId, name]);
  }

  const user = (v: unknown) => {
    const n = id(v);
    return n === null ? undefined : userId.get(n);
  };
  const rowId = (v: unknown) => (id(v) === null ? null : id(v)! + offset);
  const updates: string[] = [];

  // Twimbol's profile: a row beside auth.user, folded into the one users row.
  for (const r of take("user.userprofile")) {
    const f = r.fields;
    const target = user(f.user);
    if (target === undefined) continue;
    const set = {
      first_name: text(f.first_name),
      last_name: text(f.last_name),
      phone: text(f.user_phone),
      address: text(f.user_address),
      user_type: text(f.user_type) || "regular",
      birthday: text(f.birthday) || null,
      social_facebook: text(f.user_social_fb),
      social_twitter: text(f.user_social_twt),
      social_youtube: text(f.user_social_yt),
      user_status: flag(f.user_status, true),
      is_banned: flag(f.user_banned),
    };
    const assignments = Object.entries(set).map(([k, v]) => `${k} = ${sqlValue(v)}`);
    // Only a row this import created: a merged account keeps its own profile.
    const picture = ownMedia(f.profile_pic);
    if (picture && target === id(f.user)! + offset)
      media.push({
        table: "users",
        id: target,
        ownerId: target,
        column: "avatar_key",
        kind: "avatar",
        path: picture,
      });
    if (target === id(f.user)! + offset)
      updates.push(
        `UPDATE users SET ${assignments.join(", ")} WHERE id = ${target} AND password_hash LIKE 'django:%';`,
      );
  }

  const posts = new Table("posts", [
    "id",
    "post_type",
    "post_title",
    "post_description",
    "created_by",
    "created_at",
  ]);
  const postIds = new Set<number>();
  for (const r of take("app.post")) {
    const f = r.fields;
    const author = user(f.created_by);
    const type = text(f.post_type) || "post";
    if (author === undefined || !POST_TYPES.has(type)) continue;
    postIds.add(rowId(r.pk)!);
    const banner = ownMedia(f.post_banner);
    if (banner)
      media.push({
        table: "posts",
        id: rowId(r.pk)!,
        ownerId: author,
        column: "banner_key",
        kind: "post",
        path: banner,
      });
    posts.add([
      rowId(r.pk),
      type,
      text(f.post_title),
      text(f.post_description),
      author,
      ms(f.created_at, now),
    ]);
  }
  const post = (v: unknown) => (id(v) !== null && postIds.has(id(v)! + offset) ? id(v)! + offset : undefined);

  const marks = (model: string, table: string) => {
    const t = new Table(table, ["id", "user_id", "post_id", "created_at"]);
    for (const r of take(model)) {
      const [u, p] = [user(r.fields.created_by), post(r.fields.post)];
      if (u !== undefined && p !== undefined) t.add([rowId(r.pk), u, p, ms(r.fields.created_at, now)]);
    }
    return t;
  };
  const likes = marks("app.post_stat_like", "post_likes");
  const hides = marks("app.post_stat_hide", "post_hides");

  const reports = new Table("post_reports", [
    "id",
    "user_id",
    "post_id",
    "reason",
    "description",
    "created_at",
  ]);
  for (const r of take("app.post_stat_report")) {
    const [u, p] = [user(r.fields.created_by), post(r.fields.post)];
    const reason = text(r.fields.reason).toLowerCase();
    if (u !== undefined && p !== undefined)
      reports.add([
        rowId(r.pk),
        u,
        p,
        REPORT_REASONS.has(reason) ? reason : "other",
        text(r.fields.description),
        ms(r.fields.created_at, now),
      ]);
  }
  const comments = new Table("comments", ["id", "post_id", "user_id", "comment", "created_at"]);
  for (const r of take("app.post_comment")) {
    const [u, p] = [user(r.fields.created_by), post(r.fields.post)];
    if (u !== undefined && p !== undefined)
      comments.add([rowId(r.pk), p, u, text(r.fields.comment), ms(r.fields.created_at, now)]);
  }

  const pairs = (model: string, table: string, columns: [string, string], fields: [string, string]) => {
    const t = new Table(table, [...columns, "created_at"]);
    for (const r of take(model)) {
      const [a, b] = [user(r.fields[fields[0]]), user(r.fields[fields[1]])];
      if (a !== undefined && b !== undefined && a !== b) t.add([a, b, ms(r.fields.created_at, now)]);
    }
    return t;
  };
  const follows = pairs(
    "user.follower",
    "follows",
    ["follower_id", "followee_id"],
    ["follower", "following"],
  );
  const blocks = pairs("user.block", "blocks", ["blocker_id", "blocked_id"], ["blocker", "blocked"]);

  const applications = new Table("creator_applications", ["id", "user_id", "status", "created_at"]);
  for (const r of take("user.creatorapplication")) {
    const u = user(r.fields.user);
    if (u !== undefined)
      applications.add([
        rowId(r.pk),
        u,
        Number(r.fields.application_status) || 0,
        ms(r.fields.created_at, now),
      ]);
  }
  const parents = new Table("parent_links", ["child_id", "parent_email", "parent_email_key", "linked_at"]);
  for (const r of take("parentalcontrols.parentaccount")) {
    const u = user(r.fields.child);
    const email = text(r.fields.parent_email).trim();
    // An unverified request was never a link: the parent had not confirmed the code.
    if (u !== undefined && email && r.fields.otp_verified === true)
      parents.add([u, email, email.toLowerCase(), now]);
  }

  // Cocotree: requests with their status, and friendship as two directed rows.
  const requests = new Table("friend_requests", [
    "id",
    "from_user_id",
    "to_user_id",
    "status",
    "created_at",
    "updated_at",
  ]);
  for (const r of take("friendrequest")) {
    const [a, b] = [user(r.fields.from_user), user(r.fields.to_user)];
    const status = text(r.fields.status) || "pending";
    const updated = ms(r.fields.last_updated ?? r.fields.updated_at, now);
    if (a !== undefined && b !== undefined && FRIEND_STATUSES.has(status))
      requests.add([rowId(r.pk), a, b, status, ms(r.fields.created_at, updated), updated]);
  }
  const friendships = new Table("friendships", ["user_id", "friend_id", "group_name", "created_at"]);
  for (const r of take("friendship")) {
    const [a, b] = [user(r.fields.user), user(r.fields.friend)];
    if (a !== undefined && b !== undefined && a !== b)
      friendships.add([a, b, text(r.fields.group) || "Default", ms(r.fields.created_at, now)]);
  }

  // Cocotree's chats: a private chat of two members gets the pair key accepting a friend request looks up.
  const memberRecords = take("chatmember").filter((r) => r.fields.is_deleted !== true);
  const membersOf = new Map<number, number[]>();
  const members = new Table("chat_members", ["chat_id", "user_id", "muted", "pinned", "joined_at"]);
  const chatRecords = take("chat");
  const chatIds = new Set(chatRecords.map((r) => rowId(r.pk)));
  for (const r of memberRecords) {
    const [c, u] = [rowId(r.fields.chat), user(r.fields.user)];
    if (c === null || u === undefined || !chatIds.has(c)) continue;
    membersOf.set(c, [...(membersOf.get(c) ?? []), u].slice(0, 3));
    members.add([c, u, flag(r.fields.muted), flag(r.fields.pinned), ms(r.fields.last_access_time, now)]);
  }
  const chats = new Table("chats", ["id", "name", "is_private", "pair_key", "created_at"]);
  for (const r of chatRecords) {
    const c = rowId(r.pk)!;
    const pair = membersOf.get(c) ?? [];
    const isPrivate = flag(r.fields.private);
    const key = isPrivate && pair.length === 2 ? [...pair].sort((a, b) => a - b).join(":") : null;
    chats.add([c, text(r.fields.chat_name), isPrivate, key, ms(r.fields.created_time, now)]);
  }
  const messages = new Table("messages", [
    "id",
    "chat_id",
    "sender_id",
    "reply_id",
    "message_type",
    "content",
    "file_url",
    "timestamp",
  ]);
  for (const r of take("message")) {
    const c = rowId(r.fields.chat);
    if (c === null || !chatIds.has(c)) continue;
    const type = text(r.fields.message_type);
    messages.add([
      rowId(r.pk),
      c,
      user(r.fields.user) ?? null,
      rowId(r.fields.reply_id),
      MESSAGE_TYPES.has(type) ? type : "text",
      text(r.fields.content),
      text(r.fields.attachment) || null,
      ms(r.fields.timestamp, now),
    ]);
  }

  // Counters kept beside the rows: recounted for the imported posts only, in bounded chunks.
  const recount: string[] = [];
  const ids = [...postIds];
  for (let i = 0; i < ids.length; i += 500) {
    recount.push(
      `UPDATE posts SET like_count = (SELECT count(*) FROM post_likes WHERE post_id = posts.id) WHERE id IN (${ids.slice(i, i + 500).join(", ")});`,
    );
  }

  const legacy = legacyCredentials(take("sessions.session"), take("authtoken.token"), created, {
    now,
    ...options,
  });
  const ignored = Object.fromEntries([...byModel].map(([model, list]) => [model, list.length]));
  if (legacy.unreadSessions) ignored["sessions.session (no DJANGO_SECRET_KEY)"] = legacy.unreadSessions;
  const tables = [users, groups, legacy.table].map((t) => t.plan());
  tables.push({ table: "users (profiles)", rows: updates.length, statements: updates });
  tables.push(
    ...[
      posts,
      likes,
      hides,
      reports,
      comments,
      follows,
      blocks,
      applications,
      parents,
      requests,
      friendships,
      chats,
      members,
      messages,
    ].map((t) => t.plan()),
  );
  tables.push({ table: "posts (like_count)", rows: postIds.size, statements: recount });
  return { tables, media, collisions, merged, alreadyPresent, ignored };
}

const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");
/** What an API key that never expires stores (src/domain/auth/sessions.ts). */
const NEVER = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * The old system's credentials, as rows of this service's `sessions` table marked `django` (README:
 * "Moving in from Django"), stored hashed as this service's own: a `django_session` row becomes a
 * `cookie` session under the same `sessionid` value, a DRF `Token` key a `key` session, and each
 * imported user gets an `unseen` row standing for their SimpleJWT tokens (see
 * src/domain/auth/django-tokens.ts). Only for users this run writes, so a re-run never revives a
 * session that ended here since; each row is written only if its user row is still the one
 * imported (same id and username) when the statement runs.
 */
function legacyCredentials(
  sessionRecords: DumpRecord[],
  tokenRecords: DumpRecord[],
  created: Map<number, { id: number; key: string; password: string }>,
  options: PlanOptions & { now: number },
) {
  const { now } = options;
  const table = new Table(
    "sessions",
    ["user_id", "kind", "secret_hash", "created_at", "expires_at", "django", "handle"],
    "EXISTS (SELECT 1 FROM users WHERE users.id = column1 AND users.username_key = column8)",
  );
  // What this service's access tokens name a session by (src/domain/auth/sessions.ts); the unseen row is never a session of its own.
  const handle = () => randomBytes(16).toString("base64url");
  const tokenDays = options.legacyTokenDays ?? 100;
  for (const u of created.values())
    table.add([
      u.id,
      "token",
      `django:unseen:${u.id}`,
      now,
      now + tokenDays * 86_400_000,
      "unseen",
      null,
      u.key,
    ]);
  const secret = options.djangoSecretKey;
  for (const r of secret ? sessionRecords : []) {
    const key = String(r.pk ?? "");
    const expires = ms(r.fields.expire_date, 0);
    if (!key || key.length > 128 || expires <= now) continue;
    const userId = sessionUser(text(r.fields.session_data), secret!, (id) => created.get(id)?.password);
    const user = userId === null ? undefined : created.get(userId);
    if (user) table.add([user.id, "cookie", sha256Hex(key), now, expires, "session", handle(), user.key]);
  }
  for (const r of tokenRecords) {
    const key = String(r.pk ?? "");
    const user = created.get(id(r.fields.user) ?? 0);
    if (key && key.length <= 128 && user)
      table.add([
        user.id,
        "key",
        sha256Hex(key),
        ms(r.fields.created, now),
        NEVER,
        "drf",
        handle(),
        user.key,
      ]);
  }
  return { table, unreadSessions: secret ? 0 : sessionRecords.length };
}
