-- Operation ids, so a write request executed twice (a lost reply that the
-- HTTP client sent again) applies once: an append marks its first message
-- row with its id (chat_messages.op, found by session and seq); batched
-- appends and every other write record their id and result in chat_ops,
-- whose rows later writes remove after a day.
CREATE TABLE `chat_ops` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`result` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `chat_ops_created_idx` ON `chat_ops` (`created_at`);--> statement-breakpoint
ALTER TABLE `chat_messages` ADD `op` text;