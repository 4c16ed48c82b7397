CREATE TABLE `parent_otp_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ip` text NOT NULL,
	`child_id` integer NOT NULL,
	`email_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parent_otp_requests_ip_child_email_uq` ON `parent_otp_requests` (`ip`,`child_id`,`email_key`);--> statement-breakpoint
CREATE INDEX `parent_otp_requests_child_idx` ON `parent_otp_requests` (`child_id`,`email_key`);--> statement-breakpoint
CREATE INDEX `parent_otp_requests_created_idx` ON `parent_otp_requests` (`created_at`);