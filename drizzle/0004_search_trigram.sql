-- Search by parts of words, for scripts written without spaces between
-- words (Chinese, Japanese, Korean, Thai, Lao, Khmer, Myanmar…): unicode61
-- keeps a whole run of such text as one token, so `日本語` could not find
-- `日本語のテキスト`. A second external-content FTS5 index, with the
-- `trigram` tokenizer, holds the messages whose text has a character of
-- those scripts (the view chat_messages_unspaced; the character ranges are
-- UNSPACED_RANGES in src/history/search_query.ts). Their text is padded with
-- two spaces, so every substring of one or two characters begins a trigram:
-- the index's vocabulary (chat_messages_trigram_instances, one row per
-- trigram occurrence) finds those too, by a range of its terms.
-- Inserting message ids into the view chat_search_remove removes them from
-- both indexes (an INSTEAD OF trigger): every delete keeps its single
-- unindex statement. Messages indexed before this migration (up to the
-- watermark) are added to the new index here. drizzle cannot express
-- virtual tables, views over them or triggers, so this migration is written
-- by hand (drizzle-kit generate --custom).
CREATE VIEW `chat_messages_unspaced` AS
	SELECT `id`, `search_text` || '  ' AS `search_text` FROM `chat_messages`
	WHERE `search_text` GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿ᥐ-᧿ᨠ-᪯ᬀ-᭿⺀-鿿ꀀ-꓏ꥠ-꧿ꩠ-꫟가-퟿豈-﫿ｦ-ￜ𖿠-𘷿𚿰-𛋿𠀀-𲎯]*';
--> statement-breakpoint
CREATE VIRTUAL TABLE `chat_messages_trigram` USING fts5(
	`search_text`,
	content = 'chat_messages_unspaced',
	content_rowid = 'id',
	tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `chat_messages_trigram_instances` USING fts5vocab(`chat_messages_trigram`, 'instance');
--> statement-breakpoint
CREATE VIEW `chat_search_remove` AS SELECT `id` FROM `chat_messages` WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `chat_search_remove_insert` INSTEAD OF INSERT ON `chat_search_remove`
BEGIN
	INSERT INTO `chat_messages_fts` (`chat_messages_fts`, `rowid`, `search_text`)
		SELECT 'delete', `id`, `search_text` FROM `chat_messages` WHERE `id` = NEW.`id`;
	INSERT INTO `chat_messages_trigram` (`chat_messages_trigram`, `rowid`, `search_text`)
		SELECT 'delete', `id`, `search_text` FROM `chat_messages_unspaced` WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
INSERT INTO `chat_messages_trigram` (`rowid`, `search_text`)
	SELECT `id`, `search_text` FROM `chat_messages_unspaced`
	WHERE `id` <= (SELECT `indexed_upto` FROM `chat_search_state`);
