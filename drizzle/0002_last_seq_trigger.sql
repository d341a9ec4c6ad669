-- Keeps chat_sessions.last_seq (and updated_at) in step with the messages
-- inserted: any insert of a message above the session's last seq moves it
-- up, in the same statement. A save with a known last seq is then a single
-- atomic INSERT … SELECT gated on that seq (one statement, no separate
-- session UPDATE); inserts that already moved last_seq themselves (saves
-- without a known seq, forks, imports) leave it as it is. drizzle cannot
-- express triggers, so this migration is written by hand (drizzle-kit
-- generate --custom).
CREATE TRIGGER `chat_messages_last_seq` AFTER INSERT ON `chat_messages`
BEGIN
	UPDATE `chat_sessions`
	SET `last_seq` = NEW.`seq`, `updated_at` = max(`updated_at`, NEW.`created_at`)
	WHERE `id` = NEW.`session_id` AND `last_seq` < NEW.`seq`;
END;
