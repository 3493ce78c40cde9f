-- External-content FTS5 trigram index over search_test_items.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE search_test_items_fts USING fts5(search_text, tokenize='trigram', content='search_test_items', content_rowid='id');
CREATE TRIGGER search_test_items_fts_ai AFTER INSERT ON search_test_items BEGIN
	INSERT INTO search_test_items_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER search_test_items_fts_ad AFTER DELETE ON search_test_items BEGIN
	INSERT INTO search_test_items_fts(search_test_items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER search_test_items_fts_au AFTER UPDATE OF search_text ON search_test_items BEGIN
	INSERT INTO search_test_items_fts(search_test_items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO search_test_items_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO search_test_items_fts(search_test_items_fts) VALUES ('rebuild');
