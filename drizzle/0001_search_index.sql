-- Full-text search over the text a person would search in each message
-- (user prompts, model text, tool results), extracted by the message format
-- when the message is saved. rowid = chat_messages.id. drizzle cannot express
-- virtual tables, so this migration is written by hand (drizzle-kit --custom).
CREATE VIRTUAL TABLE `chat_messages_fts` USING fts5(
	`text`,
	`session_id` UNINDEXED,
	`seq` UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);
