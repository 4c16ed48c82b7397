ALTER TABLE `notifications` ADD `event` text DEFAULT 'legacy' NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `actor_id` integer;--> statement-breakpoint
ALTER TABLE `notifications` ADD `object_kind` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `object_id` integer;--> statement-breakpoint
ALTER TABLE `notifications` ADD `data` text;