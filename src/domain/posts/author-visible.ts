// Issue 19 §1c: content of an account no one may see is not served to others.
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { posts, users } from "../../db/schema";
import { visibleAccount } from "../users/visible-account";

/**
 * The account whose id is in `userId` (a column of the row in scope) may be seen by others:
 * not banned, not deactivated either way, not anonymised by a Cocotree deletion (which
 * deactivates). One primary-key probe of `users` per row. Nothing is written when an account
 * hides or comes back (a Twimbol login turns `user_status` on again), so its content comes
 * back with it at once.
 */
export const userVisible = (userId: SQLiteColumn): SQL => sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${visibleAccount()})`;

/** The author of the `posts` row in scope may be seen by others: every feed, item route and search filters on it. */
export const authorVisible = (): SQL => userVisible(posts.createdBy);
