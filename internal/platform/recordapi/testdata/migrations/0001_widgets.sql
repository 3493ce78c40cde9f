-- A test-only record type (recordapi tests), following the engine's table
-- conventions: standard columns, owner/department, one column per field.
CREATE TABLE widgets (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	price BIGINT,
	qty BIGINT,
	since TEXT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	phone TEXT,
	email TEXT,
	source TEXT,
	tags TEXT,
	notes TEXT,
	score BIGINT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX widgets_code ON widgets (tenant_id, code);
CREATE INDEX widgets_name ON widgets (tenant_id, name, id);
CREATE INDEX widgets_kind ON widgets (tenant_id, kind, id);
CREATE INDEX widgets_qty ON widgets (tenant_id, qty, id);
CREATE INDEX widgets_active ON widgets (tenant_id, active, id);
CREATE INDEX widgets_source ON widgets (tenant_id, source, id);
CREATE INDEX widgets_tags ON widgets (tenant_id, tags, id);
CREATE INDEX widgets_owner ON widgets (tenant_id, owner_id, id);
CREATE INDEX widgets_department ON widgets (tenant_id, department_id, id);
-- The default sort (-id) and the capped count.
CREATE INDEX widgets_tenant_id ON widgets (tenant_id, id);
