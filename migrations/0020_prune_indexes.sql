CREATE TABLE `maintenance_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `one_time_codes_expires_idx` ON `one_time_codes` (`expires_at`);--> statement-breakpoint
CREATE INDEX `notifications_user_type_idx` ON `notifications` (`user_id`,`notification_type`,`id`);