-- The search index holds only reels a search can show: a tombstoned reel (deleted_at) or one of
-- a hidden author (both are author_visible = 0, migrations/0021 and 0027) leaves it at once, so
-- the newest-SEARCH_CANDIDATES window (src/domain/posts/search-reels.ts) is never spent on rows
-- the search would drop. Every write of author_visible goes through posts, so one trigger on it
-- keeps the index in step; the others re-read the row's current author_visible, since another
-- trigger of the same write (posts_count_insert, posts_count_move) may have just changed it.
DROP TRIGGER IF EXISTS `posts_search_visibility`;
--> statement-breakpoint
CREATE TRIGGER `posts_search_visibility` AFTER UPDATE OF author_visible ON `posts`
  WHEN new.author_visible IS NOT old.author_visible AND new.post_type LIKE '%reel' BEGIN
  DELETE FROM posts_search WHERE rowid = new.id;
  INSERT INTO posts_search (rowid, title, description, username)
    SELECT new.id, new.post_title, new.post_description, u.username FROM users u
    WHERE u.id = new.created_by AND new.author_visible = 1 AND new.deleted_at IS NULL;
END;
--> statement-breakpoint
DROP TRIGGER `posts_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `posts_search_insert` AFTER INSERT ON `posts` WHEN new.post_type LIKE '%reel' BEGIN
  INSERT INTO posts_search (rowid, title, description, username)
    SELECT new.id, new.post_title, new.post_description, u.username FROM users u
    WHERE u.id = new.created_by AND (SELECT p.author_visible FROM posts p WHERE p.id = new.id) = 1;
END;
--> statement-breakpoint
DROP TRIGGER `posts_search_update`;
--> statement-breakpoint
CREATE TRIGGER `posts_search_update` AFTER UPDATE OF post_title, post_description, post_type, created_by ON `posts` BEGIN
  DELETE FROM posts_search WHERE rowid = old.id;
  INSERT INTO posts_search (rowid, title, description, username)
    SELECT new.id, new.post_title, new.post_description, u.username FROM users u
    WHERE u.id = new.created_by AND new.post_type LIKE '%reel'
      AND (SELECT p.author_visible FROM posts p WHERE p.id = new.id) = 1;
END;
--> statement-breakpoint
DROP TRIGGER `posts_search_username`;
--> statement-breakpoint
CREATE TRIGGER `posts_search_username` AFTER UPDATE OF username ON `users` WHEN new.username IS NOT old.username BEGIN
  DELETE FROM posts_search WHERE rowid IN (SELECT id FROM posts WHERE created_by = new.id AND post_type LIKE '%reel');
  INSERT INTO posts_search (rowid, title, description, username)
    SELECT id, post_title, post_description, new.username FROM posts
    WHERE created_by = new.id AND post_type LIKE '%reel' AND author_visible = 1;
END;
--> statement-breakpoint
DELETE FROM `posts_search` WHERE rowid IN (SELECT id FROM `posts` WHERE post_type LIKE '%reel' AND author_visible = 0);
