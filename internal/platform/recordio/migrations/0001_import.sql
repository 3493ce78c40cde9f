-- Import column mappings, remembered per user and record type: file header
-- → field name ("" = the column is ignored), as JSON.
CREATE TABLE import_mappings (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	record_type TEXT NOT NULL,
	mapping TEXT NOT NULL,
	updated_at {{ts}} NOT NULL,
	PRIMARY KEY (tenant_id, user_id, record_type)
);

-- Files uploaded on the import page, kept between the steps (mapping, dry
-- run, commit) for a day.
CREATE TABLE import_uploads (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	record_type TEXT NOT NULL,
	filename TEXT NOT NULL,
	data {{blob}} NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE INDEX import_uploads_user ON import_uploads (tenant_id, user_id, id);
CREATE INDEX import_uploads_age ON import_uploads (tenant_id, created_at);
