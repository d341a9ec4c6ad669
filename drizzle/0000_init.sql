CREATE TABLE `chat_idempotency` (
	`session_id` text NOT NULL,
	`key` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `key`),
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `chat_messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`role` text NOT NULL,
	`content` text NOT NULL,
	`search_text` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "chat_messages_role_check" CHECK("chat_messages"."role" IN ('user', 'model', 'system', 'tool'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_session_seq_idx` ON `chat_messages` (`session_id`,`seq`);--> statement-breakpoint
CREATE TABLE `chat_search_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`indexed_upto` integer NOT NULL,
	CONSTRAINT "chat_search_state_single_row" CHECK("chat_search_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `chat_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text,
	`format` text NOT NULL,
	`format_version` text NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`last_write` text
);
--> statement-breakpoint
CREATE INDEX `chat_sessions_updated_idx` ON `chat_sessions` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `chat_sessions_owner_updated_idx` ON `chat_sessions` (`owner_id`,`updated_at`,`id`);