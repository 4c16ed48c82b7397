ALTER TABLE `users` ADD `channel_token` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_channel_token_uq` ON `users` (`channel_token`);