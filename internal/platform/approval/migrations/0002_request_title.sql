-- The document's number as it was submitted ("PO202612-00001"): the
-- language-neutral name notifications and the history show even when the
-- document type's module is not at hand.
ALTER TABLE approval_requests ADD COLUMN title TEXT NOT NULL DEFAULT '';
