CREATE TABLE `contact_mails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sender_id` integer NOT NULL,
	`recipient_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_mails_sender_idx` ON `contact_mails` (`sender_id`,"created_at" DESC);--> statement-breakpoint
CREATE INDEX `contact_mails_recipient_idx` ON `contact_mails` (`recipient_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `allow_contact` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `reply_to` text;