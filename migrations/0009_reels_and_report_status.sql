ALTER TABLE `post_reports` ADD `dismissed_at` integer;--> statement-breakpoint
ALTER TABLE `posts` ADD `video_key` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `thumbnail_key` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `youtube_id` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `view_count` integer DEFAULT 0 NOT NULL;