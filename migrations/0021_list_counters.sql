CREATE TABLE `author_post_counts` (
	`author_id` integer NOT NULL,
	`post_type` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`author_id`, `post_type`)
);
--> statement-breakpoint
CREATE TABLE `list_counts` (
	`name` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `posts_created_by_idx`;--> statement-breakpoint
DROP INDEX `posts_reels_created_idx`;--> statement-breakpoint
DROP INDEX `posts_videos_created_idx`;--> statement-breakpoint
ALTER TABLE `posts` ADD `comment_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `recent_comments` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `author_visible` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `posts_feed_idx` ON `posts` (`post_type`,"created_at" DESC,"id" DESC) WHERE author_visible = 1;--> statement-breakpoint
CREATE INDEX `posts_created_by_idx` ON `posts` (`created_by`,"created_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `posts_reels_created_idx` ON `posts` ("created_at" DESC,"id" DESC) WHERE post_type LIKE '%reel' AND author_visible = 1;--> statement-breakpoint
CREATE INDEX `posts_videos_created_idx` ON `posts` ("created_at" DESC,"id" DESC) WHERE post_type LIKE '%video' AND author_visible = 1;--> statement-breakpoint
ALTER TABLE `users` ADD `media_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `latest_media_at` integer;--> statement-breakpoint
CREATE INDEX `users_directory_idx` ON `users` ("advanced_user" DESC,"latest_media_at" DESC,"date_joined" DESC,"id" DESC) WHERE is_active = 1 AND user_status = 1 AND is_banned = 0;--> statement-breakpoint
ALTER TABLE `comments` ADD `author_visible` integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
-- Issue 20: every list's length is kept beside the rows, so no request counts a growing set.
-- Triggers keep them in the statement that changes them, whichever verb (or cascade) makes it,
-- so they are exact under any concurrency D1 allows. An account is visible to others when
-- is_active = 1 AND user_status = 1 AND is_banned = 0 (src/domain/users/visible-account.ts).
-- Backfills first, while no trigger of this file can fire.
-- Issue 19 §1c: a hidden account's comments are served to no one else, so they leave the counts too.
UPDATE `comments` SET `author_visible` = 0 WHERE `user_id` IN (SELECT id FROM users WHERE NOT (is_active = 1 AND user_status = 1 AND is_banned = 0));
--> statement-breakpoint
UPDATE `posts` SET `comment_count` = (SELECT count(*) FROM `comments` c WHERE c.post_id = posts.id AND c.author_visible = 1),
  `recent_comments` = (SELECT json_group_array(comment) FROM (SELECT c.comment FROM `comments` c WHERE c.post_id = posts.id AND c.author_visible = 1 ORDER BY c.id DESC LIMIT 10));
--> statement-breakpoint
UPDATE `posts` SET `author_visible` = 0 WHERE `created_by` IN (SELECT id FROM users WHERE NOT (is_active = 1 AND user_status = 1 AND is_banned = 0));
--> statement-breakpoint
INSERT INTO `author_post_counts` (author_id, post_type, n) SELECT created_by, post_type, count(*) FROM posts GROUP BY created_by, post_type;
--> statement-breakpoint
INSERT INTO `list_counts` (name, n)
  SELECT 'posts:' || t.value, (SELECT count(*) FROM posts p WHERE p.post_type = t.value AND p.author_visible = 1)
  FROM json_each('["post","reel","video","youtube_video","youtube_reel"]') t;
--> statement-breakpoint
INSERT INTO `list_counts` (name, n) SELECT 'users:visible', count(*) FROM users WHERE is_active = 1 AND user_status = 1 AND is_banned = 0;
--> statement-breakpoint
UPDATE `users` SET
  `media_count` = (SELECT count(*) FROM posts p WHERE p.created_by = users.id),
  `latest_media_at` = (SELECT max(p.created_at) FROM posts p WHERE p.created_by = users.id);
--> statement-breakpoint
-- A feed item shows its post's ten newest comments (POST_ITEM_COMMENTS): kept on the post with its count.
-- A comment takes its writer's visibility when it is written, as a post does.
CREATE TRIGGER `comments_count_insert` AFTER INSERT ON `comments` BEGIN
  UPDATE comments SET author_visible = 0 WHERE id = new.id
    AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = new.user_id AND u.is_active = 1 AND u.user_status = 1 AND u.is_banned = 0);
  UPDATE posts SET comment_count = comment_count + (SELECT author_visible FROM comments WHERE id = new.id),
    recent_comments = (SELECT json_group_array(comment) FROM (SELECT c.comment FROM comments c WHERE c.post_id = new.post_id AND c.author_visible = 1 ORDER BY c.id DESC LIMIT 10))
    WHERE id = new.post_id;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_count_delete` AFTER DELETE ON `comments` BEGIN
  UPDATE posts SET comment_count = comment_count - old.author_visible,
    recent_comments = (SELECT json_group_array(comment) FROM (SELECT c.comment FROM comments c WHERE c.post_id = old.post_id AND c.author_visible = 1 ORDER BY c.id DESC LIMIT 10))
    WHERE id = old.post_id;
END;
--> statement-breakpoint
-- A post takes its author's visibility when it is written (a hidden author may still post through a live session).
CREATE TRIGGER `posts_count_insert` AFTER INSERT ON `posts` BEGIN
  UPDATE posts SET author_visible = 0 WHERE id = new.id
    AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = new.created_by AND u.is_active = 1 AND u.user_status = 1 AND u.is_banned = 0);
  INSERT INTO author_post_counts (author_id, post_type, n) VALUES (new.created_by, new.post_type, 1)
    ON CONFLICT (author_id, post_type) DO UPDATE SET n = n + 1;
  UPDATE list_counts SET n = n + 1 WHERE name = 'posts:' || new.post_type
    AND (SELECT author_visible FROM posts WHERE id = new.id) = 1;
  UPDATE users SET media_count = media_count + 1,
    latest_media_at = CASE WHEN latest_media_at IS NULL OR latest_media_at < new.created_at THEN new.created_at ELSE latest_media_at END
    WHERE id = new.created_by;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_count_delete` AFTER DELETE ON `posts` BEGIN
  UPDATE author_post_counts SET n = n - 1 WHERE author_id = old.created_by AND post_type = old.post_type;
  UPDATE list_counts SET n = n - 1 WHERE name = 'posts:' || old.post_type AND old.author_visible = 1;
  UPDATE users SET media_count = media_count - 1,
    latest_media_at = (SELECT max(created_at) FROM posts WHERE created_by = old.created_by)
    WHERE id = old.created_by;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_count_move` AFTER UPDATE OF post_type, created_by ON `posts`
  WHEN new.post_type IS NOT old.post_type OR new.created_by IS NOT old.created_by BEGIN
  UPDATE author_post_counts SET n = n - 1 WHERE author_id = old.created_by AND post_type = old.post_type;
  INSERT INTO author_post_counts (author_id, post_type, n) VALUES (new.created_by, new.post_type, 1)
    ON CONFLICT (author_id, post_type) DO UPDATE SET n = n + 1;
  UPDATE list_counts SET n = n - 1 WHERE name = 'posts:' || old.post_type AND old.author_visible = 1;
  UPDATE posts SET author_visible = (SELECT count(*) FROM users u WHERE u.id = new.created_by AND u.is_active = 1 AND u.user_status = 1 AND u.is_banned = 0)
    WHERE id = new.id;
  UPDATE list_counts SET n = n + 1 WHERE name = 'posts:' || new.post_type AND (SELECT author_visible FROM posts WHERE id = new.id) = 1;
  UPDATE users SET media_count = media_count - 1, latest_media_at = (SELECT max(created_at) FROM posts WHERE created_by = old.created_by)
    WHERE id = old.created_by AND new.created_by IS NOT old.created_by;
  UPDATE users SET media_count = media_count + 1, latest_media_at = (SELECT max(created_at) FROM posts WHERE created_by = new.created_by)
    WHERE id = new.created_by AND new.created_by IS NOT old.created_by;
END;
--> statement-breakpoint
CREATE TRIGGER `users_count_insert` AFTER INSERT ON `users`
  WHEN new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0 BEGIN
  UPDATE list_counts SET n = n + 1 WHERE name = 'users:visible';
END;
--> statement-breakpoint
-- A ban, a deactivation (either kind), an anonymisation or a reactivation moves the author's
-- listed posts in or out of every feed: one statement per list from the per-author counts.
CREATE TRIGGER `users_count_visibility` AFTER UPDATE OF is_active, user_status, is_banned ON `users`
  WHEN (old.is_active = 1 AND old.user_status = 1 AND old.is_banned = 0) IS NOT (new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0) BEGIN
  UPDATE list_counts SET n = n + CASE WHEN new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0 THEN 1 ELSE -1 END
    WHERE name = 'users:visible';
  UPDATE list_counts SET n = n + CASE WHEN new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0 THEN 1 ELSE -1 END
    * (SELECT a.n FROM author_post_counts a WHERE a.author_id = new.id AND 'posts:' || a.post_type = list_counts.name)
    WHERE name IN (SELECT 'posts:' || post_type FROM author_post_counts WHERE author_id = new.id);
  UPDATE posts SET author_visible = CASE WHEN new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0 THEN 1 ELSE 0 END
    WHERE created_by = new.id;
END;
--> statement-breakpoint
-- Before the row goes: its posts then cascade away with their own trigger, as posts of a hidden author.
CREATE TRIGGER `users_count_delete` BEFORE DELETE ON `users` BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'users:visible' AND old.is_active = 1 AND old.user_status = 1 AND old.is_banned = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `users_count_deleted` AFTER DELETE ON `users` BEGIN
  DELETE FROM author_post_counts WHERE author_id = old.id;
END;
--> statement-breakpoint
-- A ban, a deactivation or a reactivation takes the account's comments out of (or back into)
-- every post's count and newest ten, in the same statement: a write that grows with the
-- account's comments, so that no read does.
CREATE TRIGGER `users_comment_visibility` AFTER UPDATE OF is_active, user_status, is_banned ON `users`
  WHEN (old.is_active = 1 AND old.user_status = 1 AND old.is_banned = 0) IS NOT (new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0) BEGIN
  UPDATE comments SET author_visible = CASE WHEN new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0 THEN 1 ELSE 0 END WHERE user_id = new.id;
  UPDATE posts SET comment_count = comment_count + CASE WHEN new.is_active = 1 AND new.user_status = 1 AND new.is_banned = 0 THEN 1 ELSE -1 END
      * (SELECT count(*) FROM comments c WHERE c.post_id = posts.id AND c.user_id = new.id),
    recent_comments = (SELECT json_group_array(comment) FROM (SELECT c.comment FROM comments c WHERE c.post_id = posts.id AND c.author_visible = 1 ORDER BY c.id DESC LIMIT 10))
    WHERE id IN (SELECT post_id FROM comments WHERE user_id = new.id);
END;
