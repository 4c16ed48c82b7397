CREATE TABLE `chat_announcements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_announcements_chat_idx` ON `chat_announcements` (`chat_id`,`id`);--> statement-breakpoint
CREATE TABLE `chat_join_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`inviter_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`inviter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_join_requests_chat_user_uq` ON `chat_join_requests` (`chat_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `chat_join_requests_user_idx` ON `chat_join_requests` (`user_id`);--> statement-breakpoint
ALTER TABLE `chat_members` ADD `unread_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `chat_members` ADD `last_access_at` integer;--> statement-breakpoint
ALTER TABLE `chat_members` ADD `role` text DEFAULT 'member' NOT NULL;--> statement-breakpoint
ALTER TABLE `chat_members` ADD `is_deleted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `attachment_key` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `reply_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill: the unread counts the chat list used to count on every read (chats so far hold only system messages).
UPDATE `chat_members` SET `unread_count` = (SELECT COUNT(*) FROM `messages` WHERE `messages`.`chat_id` = `chat_members`.`chat_id` AND `messages`.`id` > COALESCE(`chat_members`.`last_read_message_id`, 0) AND (`messages`.`sender_id` IS NULL OR `messages`.`sender_id` != `chat_members`.`user_id`));
