-- Period-end stock snapshots: what the ledger says per product × warehouse
-- just before taken_at (quantity, and the transfer-free quantity and value
-- that make the company-wide moving-average cost). The stock value "as of"
-- a date starts from the last snapshot before it and adds the movements
-- since, so its work is bounded by a period of movements, not the ledger.
-- WITHOUT ROWID on SQLite: a snapshot is read in key order, sequentially.
CREATE TABLE stock_snapshots (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	taken_at {{ts}} NOT NULL,
	product_id BIGINT NOT NULL,
	warehouse_id BIGINT NOT NULL,
	qty BIGINT NOT NULL,
	cost_qty BIGINT NOT NULL,
	cost_value BIGINT NOT NULL,
	PRIMARY KEY (tenant_id, taken_at, product_id, warehouse_id)
) {{without_rowid}};

-- One row per snapshot taken (written in the snapshot's transaction, so a
-- snapshot is whole or absent).
CREATE TABLE stock_snapshot_runs (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	taken_at {{ts}} NOT NULL,
	lines BIGINT NOT NULL,
	created_at {{ts}} NOT NULL,
	PRIMARY KEY (tenant_id, taken_at)
);

-- The movements since a snapshot, read by time, from the index alone.
CREATE INDEX stock_moves_since ON stock_moves (tenant_id, created_at, product_id, warehouse_id, kind, qty, value);
