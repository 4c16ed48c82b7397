CREATE TABLE `user_groups` (
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`user_id`, `name`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_groups_name_idx` ON `user_groups` (`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`username_key` text NOT NULL,
	`email` text,
	`email_key` text,
	`password_hash` text NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`bio` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`social_facebook` text DEFAULT '' NOT NULL,
	`social_twitter` text DEFAULT '' NOT NULL,
	`social_youtube` text DEFAULT '' NOT NULL,
	`social_links` text DEFAULT '' NOT NULL,
	`home_page` text DEFAULT '' NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`user_type` text DEFAULT 'regular' NOT NULL,
	`birthday` text,
	`avatar_key` text,
	`banner_key` text,
	`date_joined` integer NOT NULL,
	`last_login` integer,
	`is_active` integer DEFAULT true NOT NULL,
	`is_banned` integer DEFAULT false NOT NULL,
	`is_featured` integer DEFAULT false NOT NULL,
	`is_editor` integer DEFAULT false NOT NULL,
	`is_manager` integer DEFAULT false NOT NULL,
	`advanced_user` integer DEFAULT false NOT NULL,
	`email_is_verified` integer DEFAULT false NOT NULL,
	`score` integer DEFAULT 0 NOT NULL,
	`credentials_version` integer DEFAULT 1 NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_key_uq` ON `users` (`username_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_key_uq` ON `users` (`email_key`);--> statement-breakpoint
CREATE INDEX `users_leaderboard_idx` ON `users` ("score" DESC,`id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`ip` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_secret_hash_uq` ON `sessions` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_to_idx` ON `outbox` (`to`);