// Issue 19 §1c: content of an account no one may see is not served to others.
import { sql, type SQL } from "drizzle-orm";
import { posts } from "../../db/schema";

/**
 * The author of the `posts` row in scope may be seen by others (not banned, not deactivated
 * either way, not anonymised by a Cocotree deletion): every feed, item route and search filters
 * on it. Kept on the post by the visibility trigger (migrations/0021), so it costs no probe of
 * `users`, the feeds' partial indexes hold only listed posts, and content comes back with its
 * account at once (a Twimbol login turns `user_status` on again).
 */
export const authorVisible = (): SQL => sql`${posts.authorVisible} = 1`;
