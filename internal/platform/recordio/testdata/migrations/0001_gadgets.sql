-- Test-only record types of the recordio tests, following the engine's
-- table conventions. gadgets resembles customers (owned, dictionaries,
-- tags, a group tree, a user field); gadget_groups is a tree by code.
CREATE TABLE gadget_groups (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	parent_id BIGINT REFERENCES gadget_groups(id)
);
CREATE UNIQUE INDEX gadget_groups_code ON gadget_groups (tenant_id, code);
CREATE INDEX gadget_groups_parent ON gadget_groups (tenant_id, parent_id, id);

CREATE TABLE gadgets (
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
	phone TEXT,
	email TEXT,
	credit BIGINT,
	since TEXT,
	vip BOOLEAN NOT NULL DEFAULT FALSE,
	source TEXT,
	tags TEXT,
	group_id BIGINT REFERENCES gadget_groups(id),
	rep_id BIGINT REFERENCES users(id),
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX gadgets_code ON gadgets (tenant_id, code);
CREATE INDEX gadgets_name ON gadgets (tenant_id, name, id);
CREATE INDEX gadgets_kind ON gadgets (tenant_id, kind, id);
CREATE INDEX gadgets_vip ON gadgets (tenant_id, vip, id);
CREATE INDEX gadgets_source ON gadgets (tenant_id, source, id);
CREATE INDEX gadgets_tags ON gadgets (tenant_id, tags, id);
CREATE INDEX gadgets_group ON gadgets (tenant_id, group_id, id);
CREATE INDEX gadgets_owner ON gadgets (tenant_id, owner_id, id);
CREATE INDEX gadgets_department ON gadgets (tenant_id, department_id, id);
