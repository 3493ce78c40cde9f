-- Tables of the record engine (package records), shared by every record type.

-- Who a record of an Owned type is shared with besides its owner: a user or
-- a department (one of the two per row).
CREATE TABLE record_shares (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	record_type TEXT NOT NULL,
	record_id BIGINT NOT NULL,
	user_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id)
);
CREATE INDEX record_shares_record ON record_shares (tenant_id, record_type, record_id);
-- The visibility subquery looks up what is shared with a user or a department.
CREATE INDEX record_shares_user ON record_shares (tenant_id, record_type, user_id, record_id);
CREATE INDEX record_shares_dept ON record_shares (tenant_id, record_type, department_id, record_id);

-- Normalised values of Duplicate fields (phones as digits, names folded), so
-- a save finds a possible duplicate with one indexed lookup whatever the
-- type's own indexes are. Without a rowid on SQLite: the key is the table,
-- one B-tree less to write per key (an import writes 200,000).
CREATE TABLE record_keys (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	record_type TEXT NOT NULL,
	field TEXT NOT NULL,
	value TEXT NOT NULL,
	record_id BIGINT NOT NULL,
	PRIMARY KEY (tenant_id, record_type, value, record_id, field)
) {{without_rowid}};
CREATE INDEX record_keys_record ON record_keys (tenant_id, record_type, record_id);

-- Which version of the built-in dictionary items a tenant was given
-- (records.UpgradeDicts): a start with nothing new reads only this table.
CREATE TABLE dict_seeds (
	tenant_id BIGINT NOT NULL PRIMARY KEY REFERENCES tenants(id),
	fingerprint TEXT NOT NULL
);

-- Dictionary items (records.DictItems): built-in ones have an empty name and
-- show the catalog label dict.<dict>.<code>.
CREATE TABLE dict_items (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	dict TEXT NOT NULL,
	code TEXT NOT NULL,
	name TEXT,
	parent_id BIGINT REFERENCES dict_items(id),
	sort_order BIGINT,
	color TEXT,
	active BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX dict_items_code ON dict_items (tenant_id, dict, code);
CREATE INDEX dict_items_sort ON dict_items (tenant_id, sort_order, id);
CREATE INDEX dict_items_parent ON dict_items (tenant_id, parent_id, id);
CREATE INDEX dict_items_active ON dict_items (tenant_id, active, id);

-- Files on any record.
CREATE TABLE attachments (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	record_type TEXT NOT NULL,
	record_id BIGINT NOT NULL,
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	data {{blob}} NOT NULL,
	created_by BIGINT,
	created_at {{ts}} NOT NULL
);
CREATE INDEX attachments_record ON attachments (tenant_id, record_type, record_id, id);
