ALTER TABLE `users` ADD `guesses_in_flight` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `guesses_in_flight_until` integer;--> statement-breakpoint
ALTER TABLE `login_throttles` ADD `guesses_in_flight` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `login_throttles` ADD `guesses_in_flight_until` integer;