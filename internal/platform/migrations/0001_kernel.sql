-- Tenants. The row with code '' is the platform itself: its users are operators.
CREATE TABLE tenants (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'active',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO tenants (code, name, status, created_at, updated_at) VALUES ('', 'Taihe platform', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

CREATE TABLE departments (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	parent_id BIGINT REFERENCES departments(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'department',
	sort INTEGER NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX departments_tenant_parent ON departments (tenant_id, parent_id);

-- users holds staff now and portal (customer) accounts later: kind tells them apart.
CREATE TABLE users (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	kind TEXT NOT NULL DEFAULT 'staff',
	username TEXT NOT NULL,
	display_name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	department_id BIGINT REFERENCES departments(id),
	status TEXT NOT NULL DEFAULT 'active',
	locale TEXT NOT NULL DEFAULT 'zh-CN',
	password_hash TEXT NOT NULL DEFAULT '',
	password_changed_at {{ts}},
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until {{ts}},
	totp_secret TEXT NOT NULL DEFAULT '',
	totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
	totp_last_step BIGINT NOT NULL DEFAULT 0,
	last_login_at {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (tenant_id, username)
);
CREATE INDEX users_tenant_id ON users (tenant_id, id);
CREATE INDEX users_tenant_dept ON users (tenant_id, department_id);
CREATE INDEX users_tenant_name ON users (tenant_id, display_name, id);

CREATE TABLE roles (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	builtin BOOLEAN NOT NULL DEFAULT FALSE,
	mfa_required BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (tenant_id, code)
);

CREATE TABLE role_permissions (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	role_id BIGINT NOT NULL REFERENCES roles(id),
	perm TEXT NOT NULL,
	PRIMARY KEY (tenant_id, role_id, perm)
);

CREATE TABLE role_scopes (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	role_id BIGINT NOT NULL REFERENCES roles(id),
	module TEXT NOT NULL,
	scope TEXT NOT NULL,
	PRIMARY KEY (tenant_id, role_id, module)
);

CREATE TABLE user_roles (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	role_id BIGINT NOT NULL REFERENCES roles(id),
	PRIMARY KEY (tenant_id, user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles (tenant_id, role_id);

-- One table for cookie sessions, pending MFA logins and personal API tokens.
-- Only the SHA-256 of a token is stored.
CREATE TABLE auth_sessions (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	last_seen_at {{ts}} NOT NULL,
	expires_at {{ts}},
	revoked_at {{ts}}
);
CREATE INDEX auth_sessions_user ON auth_sessions (tenant_id, user_id, kind);

CREATE TABLE password_history (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	hash TEXT NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE INDEX password_history_user ON password_history (tenant_id, user_id, id);

CREATE TABLE recovery_codes (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	code_hash TEXT NOT NULL,
	used_at {{ts}}
);
CREATE INDEX recovery_codes_user ON recovery_codes (tenant_id, user_id);

CREATE TABLE password_resets (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	code_hash TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	used_at {{ts}}
);
CREATE INDEX password_resets_user ON password_resets (tenant_id, user_id, id);

CREATE TABLE security_policies (
	tenant_id BIGINT NOT NULL PRIMARY KEY REFERENCES tenants(id),
	min_length INTEGER NOT NULL DEFAULT 8,
	min_classes INTEGER NOT NULL DEFAULT 2,
	expiry_days INTEGER NOT NULL DEFAULT 0,
	history INTEGER NOT NULL DEFAULT 3,
	lockout_threshold INTEGER NOT NULL DEFAULT 5,
	lockout_minutes INTEGER NOT NULL DEFAULT 15,
	idle_minutes INTEGER NOT NULL DEFAULT 30,
	ip_allowlist TEXT NOT NULL DEFAULT '',
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE audit_log (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	at {{ts}} NOT NULL,
	actor_id BIGINT,
	actor_name TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	client TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	record_type TEXT NOT NULL DEFAULT '',
	record_id BIGINT,
	changes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at, id);
CREATE INDEX audit_log_tenant_record ON audit_log (tenant_id, record_type, record_id);
CREATE INDEX audit_log_tenant_actor ON audit_log (tenant_id, actor_id, at);

CREATE TABLE number_sequences (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	doc_type TEXT NOT NULL,
	pattern TEXT NOT NULL,
	reset TEXT NOT NULL DEFAULT 'never',
	PRIMARY KEY (tenant_id, doc_type)
);

CREATE TABLE number_counters (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	doc_type TEXT NOT NULL,
	period TEXT NOT NULL,
	value BIGINT NOT NULL,
	PRIMARY KEY (tenant_id, doc_type, period)
);

CREATE TABLE idempotency_keys (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	user_id BIGINT NOT NULL,
	key TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	status INTEGER NOT NULL DEFAULT 0,
	location TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	PRIMARY KEY (tenant_id, user_id, key)
);
