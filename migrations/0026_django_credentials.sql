CREATE TABLE `django_token_uses` (
	`jti` text PRIMARY KEY NOT NULL,
	`used_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `django` text;