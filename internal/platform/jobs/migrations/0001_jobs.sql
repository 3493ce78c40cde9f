-- Background jobs (imports of large files). A job is a committed row before
-- anything runs, so an acknowledged job is never lost. A worker claims a
-- queued row by moving it to running with a lease it keeps extending; a row
-- left running by a dead process goes back to the queue (jobs.Start).
CREATE TABLE jobs (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	kind TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'queued',
	progress_done INTEGER NOT NULL DEFAULT 0,
	progress_total INTEGER NOT NULL DEFAULT 0,
	params TEXT NOT NULL DEFAULT '{}',
	-- The uploaded file; cleared when the job finishes.
	input {{blob}},
	result TEXT NOT NULL DEFAULT '',
	error_code TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	lease_until {{ts}},
	created_by BIGINT NOT NULL REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	started_at {{ts}},
	finished_at {{ts}},
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX jobs_tenant_creator ON jobs (tenant_id, created_by, id);
-- The workers' queue scan is the one statement that crosses tenants: the
-- queue is the process's, not a tenant's.
CREATE INDEX jobs_queue ON jobs (status, id);
