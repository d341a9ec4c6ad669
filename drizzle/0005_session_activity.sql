-- The listing's clock (src/history/listing.ts): chat_session_activity gets a
-- row whenever a session is created or its updated_at changes, with the new
-- value, and loses a session's rows when the session is deleted. The table
-- and its index are generated from src/db/schema.ts; the backfill and the
-- triggers below them are written by hand (drizzle cannot express triggers).
-- Every existing session starts with one row, its current updated_at.
CREATE TABLE `chat_session_activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `chat_session_activity_session_idx` ON `chat_session_activity` (`session_id`,`id`);
--> statement-breakpoint
INSERT INTO `chat_session_activity` (`session_id`, `updated_at`)
	SELECT `id`, `updated_at` FROM `chat_sessions` ORDER BY `updated_at`, `id`;
--> statement-breakpoint
CREATE TRIGGER `chat_sessions_activity_insert` AFTER INSERT ON `chat_sessions`
BEGIN
	INSERT INTO `chat_session_activity` (`session_id`, `updated_at`)
	VALUES (NEW.`id`, NEW.`updated_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `chat_sessions_activity_update` AFTER UPDATE OF `updated_at` ON `chat_sessions`
WHEN NEW.`updated_at` IS NOT OLD.`updated_at`
BEGIN
	INSERT INTO `chat_session_activity` (`session_id`, `updated_at`)
	VALUES (NEW.`id`, NEW.`updated_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `chat_sessions_activity_delete` AFTER DELETE ON `chat_sessions`
BEGIN
	DELETE FROM `chat_session_activity` WHERE `session_id` = OLD.`id`;
END;
