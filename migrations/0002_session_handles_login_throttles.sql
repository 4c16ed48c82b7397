CREATE TABLE `login_throttles` (
	`login_key` text PRIMARY KEY NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_throttles_updated_idx` ON `login_throttles` (`updated_at`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `handle` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_handle_uq` ON `sessions` (`handle`);