-- Transfers (调拨单) between two warehouses of the tenant: draft → ship
-- (TransferOut posted: in transit) → receive (TransferIn posted) →
-- received; cancel in draft.
CREATE TABLE stock_transfers (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	status TEXT NOT NULL,
	from_warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	to_warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	shipped_at {{ts}},
	received_at {{ts}},
	CHECK (from_warehouse_id <> to_warehouse_id)
);
CREATE UNIQUE INDEX stock_transfers_number ON stock_transfers (tenant_id, number);
CREATE INDEX stock_transfers_status ON stock_transfers (tenant_id, status, id);

CREATE TABLE stock_transfer_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	transfer_id BIGINT NOT NULL REFERENCES stock_transfers(id),
	line_no INTEGER NOT NULL,
	product_id BIGINT NOT NULL REFERENCES products(id),
	qty BIGINT NOT NULL,
	CHECK (qty > 0)
);
CREATE UNIQUE INDEX stock_transfer_lines_no ON stock_transfer_lines (tenant_id, transfer_id, line_no);
