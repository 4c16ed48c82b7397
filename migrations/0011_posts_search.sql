-- seed 004 §11: the search index of reels. A contentless FTS5 table (the text stays in posts and
-- users; the index holds only trigrams) over each reel's title, description and its creator's
-- username. The trigram tokenizer makes a MATCH phrase a case-insensitive substring test, the
-- `icontains` the original search ran. Only reels (post types ending in reel) are indexed: search returns nothing else.
-- Triggers keep it in step with every write to posts and every username change, whichever
-- verb (or a cascade from a deleted user) makes it.
CREATE VIRTUAL TABLE `posts_search` USING fts5(title, description, username, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO `posts_search` (rowid, title, description, username)
  SELECT p.id, p.post_title, p.post_description, u.username FROM posts p JOIN users u ON u.id = p.created_by
  WHERE p.post_type LIKE '%reel';
--> statement-breakpoint
CREATE TRIGGER `posts_search_insert` AFTER INSERT ON `posts` WHEN new.post_type LIKE '%reel' BEGIN
  INSERT INTO posts_search (rowid, title, description, username)
    VALUES (new.id, new.post_title, new.post_description, (SELECT username FROM users WHERE id = new.created_by));
END;
--> statement-breakpoint
CREATE TRIGGER `posts_search_update` AFTER UPDATE OF post_title, post_description, post_type, created_by ON `posts` BEGIN
  DELETE FROM posts_search WHERE rowid = old.id;
  INSERT INTO posts_search (rowid, title, description, username)
    SELECT new.id, new.post_title, new.post_description, u.username FROM users u
    WHERE u.id = new.created_by AND new.post_type LIKE '%reel';
END;
--> statement-breakpoint
CREATE TRIGGER `posts_search_delete` AFTER DELETE ON `posts` BEGIN
  DELETE FROM posts_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_search_username` AFTER UPDATE OF username ON `users` WHEN new.username IS NOT old.username BEGIN
  DELETE FROM posts_search WHERE rowid IN (SELECT id FROM posts WHERE created_by = new.id AND post_type LIKE '%reel');
  INSERT INTO posts_search (rowid, title, description, username)
    SELECT id, post_title, post_description, new.username FROM posts
    WHERE created_by = new.id AND post_type LIKE '%reel';
END;
