CREATE TABLE `reported_posts` (
	`post_id` integer PRIMARY KEY NOT NULL,
	`open_reports` integer NOT NULL,
	`first_reported_at` integer NOT NULL,
	`last_reported_at` integer NOT NULL,
	`reason_spam` integer DEFAULT 0 NOT NULL,
	`reason_abuse` integer DEFAULT 0 NOT NULL,
	`reason_false` integer DEFAULT 0 NOT NULL,
	`reason_hate` integer DEFAULT 0 NOT NULL,
	`reason_nsfw` integer DEFAULT 0 NOT NULL,
	`reason_other` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reported_posts_queue_idx` ON `reported_posts` ("open_reports" DESC,"last_reported_at" DESC,"post_id" DESC);--> statement-breakpoint
DROP INDEX `user_groups_name_idx`;--> statement-breakpoint
CREATE INDEX `user_groups_name_user_idx` ON `user_groups` (`name`,"user_id" DESC);--> statement-breakpoint
CREATE INDEX `users_banned_idx` ON `users` ("id" DESC) WHERE is_banned = 1;--> statement-breakpoint
CREATE INDEX `users_inactive_idx` ON `users` ("id" DESC) WHERE is_active = 0;--> statement-breakpoint
CREATE INDEX `posts_created_idx` ON `posts` ("created_at" DESC,"id" DESC);
--> statement-breakpoint
-- Issue 20: the admin lists and the dashboard read kept counts, as the public lists do (0021).
-- Each is changed by a trigger in the statement that changes its rows, whichever verb or
-- cascade writes. Names in list_counts: users:all, users:active (is_active = 1 AND is_banned = 0),
-- users:inactive (is_active = 0), users:banned, group:<name>, signups:<UTC day number>,
-- content:<type> (every author's, shown or not), audit:all, reports:open, reports:open_posts,
-- applications:pending. Backfills first, while no trigger of this file can fire.
INSERT INTO `list_counts` (name, n) VALUES
  ('users:all', (SELECT count(*) FROM users)),
  ('users:active', (SELECT count(*) FROM users WHERE is_active = 1 AND is_banned = 0)),
  ('users:inactive', (SELECT count(*) FROM users WHERE is_active = 0)),
  ('users:banned', (SELECT count(*) FROM users WHERE is_banned = 1)),
  ('audit:all', (SELECT count(*) FROM admin_audit)),
  ('reports:open', (SELECT count(*) FROM post_reports WHERE dismissed_at IS NULL)),
  ('reports:open_posts', (SELECT count(DISTINCT post_id) FROM post_reports WHERE dismissed_at IS NULL)),
  ('applications:pending', (SELECT count(*) FROM creator_applications WHERE status = 0));
--> statement-breakpoint
INSERT INTO `list_counts` (name, n) SELECT 'group:' || name, count(*) FROM user_groups GROUP BY name;
--> statement-breakpoint
INSERT INTO `list_counts` (name, n) SELECT 'signups:' || CAST(date_joined / 86400000 AS INTEGER), count(*) FROM users GROUP BY 1;
--> statement-breakpoint
INSERT INTO `list_counts` (name, n) SELECT 'content:' || post_type, count(*) FROM posts GROUP BY post_type;
--> statement-breakpoint
INSERT INTO `reported_posts` (post_id, open_reports, first_reported_at, last_reported_at, reason_spam, reason_abuse, reason_false, reason_hate, reason_nsfw, reason_other)
  SELECT post_id, count(*), min(created_at), max(created_at), sum(reason = 'spam'), sum(reason = 'abuse'), sum(reason = 'false'), sum(reason = 'hate'), sum(reason = 'nsfw'), sum(reason = 'other')
  FROM post_reports WHERE dismissed_at IS NULL GROUP BY post_id;
--> statement-breakpoint
CREATE TRIGGER `users_admin_count_insert` AFTER INSERT ON `users` BEGIN
  INSERT INTO list_counts (name, n) VALUES ('users:all', 1), ('users:active', new.is_active = 1 AND new.is_banned = 0),
    ('users:inactive', new.is_active = 0), ('users:banned', new.is_banned = 1), ('signups:' || CAST(new.date_joined / 86400000 AS INTEGER), 1)
    ON CONFLICT (name) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `users_admin_count_state` AFTER UPDATE OF is_active, is_banned ON `users`
  WHEN new.is_active IS NOT old.is_active OR new.is_banned IS NOT old.is_banned BEGIN
  UPDATE list_counts SET n = n + CASE name
      WHEN 'users:active' THEN (new.is_active = 1 AND new.is_banned = 0) - (old.is_active = 1 AND old.is_banned = 0)
      WHEN 'users:inactive' THEN (new.is_active = 0) - (old.is_active = 0)
      ELSE (new.is_banned = 1) - (old.is_banned = 1) END
    WHERE name IN ('users:active', 'users:inactive', 'users:banned');
END;
--> statement-breakpoint
CREATE TRIGGER `users_admin_count_joined` AFTER UPDATE OF date_joined ON `users`
  WHEN CAST(new.date_joined / 86400000 AS INTEGER) IS NOT CAST(old.date_joined / 86400000 AS INTEGER) BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'signups:' || CAST(old.date_joined / 86400000 AS INTEGER);
  INSERT INTO list_counts (name, n) VALUES ('signups:' || CAST(new.date_joined / 86400000 AS INTEGER), 1) ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `users_admin_count_delete` AFTER DELETE ON `users` BEGIN
  UPDATE list_counts SET n = n - CASE name
      WHEN 'users:all' THEN 1
      WHEN 'users:active' THEN old.is_active = 1 AND old.is_banned = 0
      WHEN 'users:inactive' THEN old.is_active = 0
      WHEN 'users:banned' THEN old.is_banned = 1
      ELSE 1 END
    WHERE name IN ('users:all', 'users:active', 'users:inactive', 'users:banned', 'signups:' || CAST(old.date_joined / 86400000 AS INTEGER));
END;
--> statement-breakpoint
CREATE TRIGGER `user_groups_count_insert` AFTER INSERT ON `user_groups` BEGIN
  INSERT INTO list_counts (name, n) VALUES ('group:' || new.name, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `user_groups_count_delete` AFTER DELETE ON `user_groups` BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'group:' || old.name;
END;
--> statement-breakpoint
CREATE TRIGGER `user_groups_count_rename` AFTER UPDATE OF name ON `user_groups` WHEN new.name IS NOT old.name BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'group:' || old.name;
  INSERT INTO list_counts (name, n) VALUES ('group:' || new.name, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_any_count_insert` AFTER INSERT ON `posts` BEGIN
  INSERT INTO list_counts (name, n) VALUES ('content:' || new.post_type, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_any_count_delete` AFTER DELETE ON `posts` BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'content:' || old.post_type;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_any_count_move` AFTER UPDATE OF post_type ON `posts` WHEN new.post_type IS NOT old.post_type BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'content:' || old.post_type;
  INSERT INTO list_counts (name, n) VALUES ('content:' || new.post_type, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `admin_audit_count_insert` AFTER INSERT ON `admin_audit` BEGIN
  UPDATE list_counts SET n = n + 1 WHERE name = 'audit:all';
END;
--> statement-breakpoint
CREATE TRIGGER `admin_audit_count_delete` AFTER DELETE ON `admin_audit` BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'audit:all';
END;
--> statement-breakpoint
CREATE TRIGGER `creator_applications_count_insert` AFTER INSERT ON `creator_applications` WHEN new.status = 0 BEGIN
  UPDATE list_counts SET n = n + 1 WHERE name = 'applications:pending';
END;
--> statement-breakpoint
CREATE TRIGGER `creator_applications_count_status` AFTER UPDATE OF status ON `creator_applications` WHEN (new.status = 0) IS NOT (old.status = 0) BEGIN
  UPDATE list_counts SET n = n + (new.status = 0) - (old.status = 0) WHERE name = 'applications:pending';
END;
--> statement-breakpoint
CREATE TRIGGER `creator_applications_count_delete` AFTER DELETE ON `creator_applications` WHEN old.status = 0 BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'applications:pending';
END;
--> statement-breakpoint
-- The moderation queue: a report opens (or is reopened) or leaves the open set (withdrawn,
-- dismissed, or cascaded away with its post or its reporter). The first and last report times
-- are read again from the post's own open reports only when the one leaving held one of them.
CREATE TRIGGER `post_reports_queue_insert` AFTER INSERT ON `post_reports` WHEN new.dismissed_at IS NULL BEGIN
  UPDATE list_counts SET n = n + 1 WHERE name = 'reports:open';
  INSERT INTO reported_posts (post_id, open_reports, first_reported_at, last_reported_at, reason_spam, reason_abuse, reason_false, reason_hate, reason_nsfw, reason_other)
    VALUES (new.post_id, 1, new.created_at, new.created_at, new.reason = 'spam', new.reason = 'abuse', new.reason = 'false', new.reason = 'hate', new.reason = 'nsfw', new.reason = 'other')
    ON CONFLICT (post_id) DO UPDATE SET open_reports = open_reports + 1,
      first_reported_at = min(first_reported_at, excluded.first_reported_at), last_reported_at = max(last_reported_at, excluded.last_reported_at),
      reason_spam = reason_spam + excluded.reason_spam, reason_abuse = reason_abuse + excluded.reason_abuse, reason_false = reason_false + excluded.reason_false, reason_hate = reason_hate + excluded.reason_hate, reason_nsfw = reason_nsfw + excluded.reason_nsfw, reason_other = reason_other + excluded.reason_other;
END;
--> statement-breakpoint
CREATE TRIGGER `post_reports_queue_reopen` AFTER UPDATE OF dismissed_at ON `post_reports` WHEN old.dismissed_at IS NOT NULL AND new.dismissed_at IS NULL BEGIN
  UPDATE list_counts SET n = n + 1 WHERE name = 'reports:open';
  INSERT INTO reported_posts (post_id, open_reports, first_reported_at, last_reported_at, reason_spam, reason_abuse, reason_false, reason_hate, reason_nsfw, reason_other)
    VALUES (new.post_id, 1, new.created_at, new.created_at, new.reason = 'spam', new.reason = 'abuse', new.reason = 'false', new.reason = 'hate', new.reason = 'nsfw', new.reason = 'other')
    ON CONFLICT (post_id) DO UPDATE SET open_reports = open_reports + 1,
      first_reported_at = min(first_reported_at, excluded.first_reported_at), last_reported_at = max(last_reported_at, excluded.last_reported_at),
      reason_spam = reason_spam + excluded.reason_spam, reason_abuse = reason_abuse + excluded.reason_abuse, reason_false = reason_false + excluded.reason_false, reason_hate = reason_hate + excluded.reason_hate, reason_nsfw = reason_nsfw + excluded.reason_nsfw, reason_other = reason_other + excluded.reason_other;
END;
--> statement-breakpoint
CREATE TRIGGER `post_reports_queue_dismiss` AFTER UPDATE OF dismissed_at ON `post_reports` WHEN old.dismissed_at IS NULL AND new.dismissed_at IS NOT NULL BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'reports:open';
  UPDATE reported_posts SET open_reports = open_reports - 1,
    reason_spam = reason_spam - (old.reason = 'spam'), reason_abuse = reason_abuse - (old.reason = 'abuse'), reason_false = reason_false - (old.reason = 'false'), reason_hate = reason_hate - (old.reason = 'hate'), reason_nsfw = reason_nsfw - (old.reason = 'nsfw'), reason_other = reason_other - (old.reason = 'other')
    WHERE post_id = old.post_id;
  DELETE FROM reported_posts WHERE post_id = old.post_id AND open_reports <= 0;
  UPDATE reported_posts SET
      first_reported_at = (SELECT min(created_at) FROM post_reports WHERE post_id = old.post_id AND dismissed_at IS NULL),
      last_reported_at = (SELECT max(created_at) FROM post_reports WHERE post_id = old.post_id AND dismissed_at IS NULL)
    WHERE post_id = old.post_id AND (first_reported_at = old.created_at OR last_reported_at = old.created_at);
END;
--> statement-breakpoint
CREATE TRIGGER `post_reports_queue_delete` AFTER DELETE ON `post_reports` WHEN old.dismissed_at IS NULL BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'reports:open';
  UPDATE reported_posts SET open_reports = open_reports - 1,
    reason_spam = reason_spam - (old.reason = 'spam'), reason_abuse = reason_abuse - (old.reason = 'abuse'), reason_false = reason_false - (old.reason = 'false'), reason_hate = reason_hate - (old.reason = 'hate'), reason_nsfw = reason_nsfw - (old.reason = 'nsfw'), reason_other = reason_other - (old.reason = 'other')
    WHERE post_id = old.post_id;
  DELETE FROM reported_posts WHERE post_id = old.post_id AND open_reports <= 0;
  UPDATE reported_posts SET
      first_reported_at = (SELECT min(created_at) FROM post_reports WHERE post_id = old.post_id AND dismissed_at IS NULL),
      last_reported_at = (SELECT max(created_at) FROM post_reports WHERE post_id = old.post_id AND dismissed_at IS NULL)
    WHERE post_id = old.post_id AND (first_reported_at = old.created_at OR last_reported_at = old.created_at);
END;
--> statement-breakpoint
CREATE TRIGGER `reported_posts_count_insert` AFTER INSERT ON `reported_posts` BEGIN
  UPDATE list_counts SET n = n + 1 WHERE name = 'reports:open_posts';
END;
--> statement-breakpoint
CREATE TRIGGER `reported_posts_count_delete` AFTER DELETE ON `reported_posts` BEGIN
  UPDATE list_counts SET n = n - 1 WHERE name = 'reports:open_posts';
END;
