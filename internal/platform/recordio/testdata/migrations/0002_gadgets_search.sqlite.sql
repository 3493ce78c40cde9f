-- External-content FTS5 trigram index over gadgets.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE gadgets_fts USING fts5(search_text, tokenize='trigram', content='gadgets', content_rowid='id');
CREATE TRIGGER gadgets_fts_ai AFTER INSERT ON gadgets BEGIN
	INSERT INTO gadgets_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER gadgets_fts_ad AFTER DELETE ON gadgets BEGIN
	INSERT INTO gadgets_fts(gadgets_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER gadgets_fts_au AFTER UPDATE OF search_text ON gadgets BEGIN
	INSERT INTO gadgets_fts(gadgets_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO gadgets_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO gadgets_fts(gadgets_fts) VALUES ('rebuild');
