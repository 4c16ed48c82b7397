CREATE TABLE `chat_feed` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`kind` text NOT NULL,
	`message_id` integer,
	`change` text,
	`subject_id` integer,
	`muted` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_feed_user_idx` ON `chat_feed` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `chat_feed_created_idx` ON `chat_feed` (`created_at`);--> statement-breakpoint
ALTER TABLE `chats` ADD `deleted_at` integer;--> statement-breakpoint
CREATE INDEX `chats_deleted_idx` ON `chats` (`deleted_at`) WHERE "chats"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_attachment_idx` ON `messages` (`attachment_key`) WHERE "messages"."attachment_key" IS NOT NULL;