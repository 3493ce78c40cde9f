-- External-content FTS5 trigram index over widgets.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE widgets_fts USING fts5(search_text, tokenize='trigram', content='widgets', content_rowid='id');
CREATE TRIGGER widgets_fts_ai AFTER INSERT ON widgets BEGIN
	INSERT INTO widgets_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER widgets_fts_ad AFTER DELETE ON widgets BEGIN
	INSERT INTO widgets_fts(widgets_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER widgets_fts_au AFTER UPDATE OF search_text ON widgets BEGIN
	INSERT INTO widgets_fts(widgets_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO widgets_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO widgets_fts(widgets_fts) VALUES ('rebuild');
