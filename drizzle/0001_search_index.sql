-- Full-text search over chat_messages.search_text (the text a person would
-- search, extracted by the message format on save). External content: the
-- index holds no copy of the text. Appends do not touch it; a search first
-- indexes the messages above chat_search_state.indexed_upto, in the same
-- transaction. drizzle cannot express virtual tables, so this migration is
-- written by hand (drizzle-kit generate --custom).
CREATE VIRTUAL TABLE `chat_messages_fts` USING fts5(
	`search_text`,
	content = 'chat_messages',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `chat_search_state` (`id`, `indexed_upto`) VALUES (1, 0);
