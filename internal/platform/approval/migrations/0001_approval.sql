-- Approval rules: per tenant and document type, in order; the first active
-- rule whose conditions all hold decides the levels of approvers.
-- conditions: JSON [{"field": "amount", "op": "gt", "value": "50000"}];
-- levels: JSON [{"role": "manager"} | {"users": [3, 7]}, "all": true].
CREATE TABLE approval_rules (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	doc_type TEXT NOT NULL,
	name TEXT NOT NULL,
	sort INTEGER NOT NULL DEFAULT 0,
	active BOOLEAN NOT NULL DEFAULT TRUE,
	conditions TEXT NOT NULL DEFAULT '[]',
	levels TEXT NOT NULL DEFAULT '[]',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX approval_rules_doc ON approval_rules (tenant_id, doc_type, sort, id);

-- One request per submission of a document; at most one pending.
CREATE TABLE approval_requests (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	doc_type TEXT NOT NULL,
	doc_id BIGINT NOT NULL,
	rule_id BIGINT REFERENCES approval_rules(id),
	status TEXT NOT NULL,
	level INTEGER NOT NULL DEFAULT 1,
	levels INTEGER NOT NULL DEFAULT 0,
	requested_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	decided_at {{ts}},
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approval_requests_doc ON approval_requests (tenant_id, doc_type, doc_id, id);
CREATE UNIQUE INDEX approval_requests_pending ON approval_requests (tenant_id, doc_type, doc_id) WHERE status = 'pending';

-- Who must decide at each level (resolved when the request is made), and
-- what they decided.
CREATE TABLE approval_tasks (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	request_id BIGINT NOT NULL REFERENCES approval_requests(id),
	level INTEGER NOT NULL,
	all_must BOOLEAN NOT NULL DEFAULT FALSE,
	user_id BIGINT NOT NULL REFERENCES users(id),
	decision TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	decided_at {{ts}}
);
CREATE INDEX approval_tasks_request ON approval_tasks (tenant_id, request_id, level);
CREATE INDEX approval_tasks_user ON approval_tasks (tenant_id, user_id, decision, request_id);
