-- The stock ledger (出入库记录): one immutable row per movement. Quantities
-- are base units × 10^4, signed (+ in, − out); costs and values are money
-- × 10^4. A correction is a new movement, never an edit: no UPDATE or
-- DELETE touches this table (inventory never issues one).
CREATE TABLE stock_moves (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	kind TEXT NOT NULL,
	product_id BIGINT NOT NULL REFERENCES products(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	location_id BIGINT REFERENCES warehouse_locations(id),
	qty BIGINT NOT NULL,
	unit_cost BIGINT NOT NULL,
	value BIGINT NOT NULL,
	doc_type TEXT NOT NULL DEFAULT '',
	doc_id BIGINT,
	doc_line BIGINT,
	note TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX stock_moves_product ON stock_moves (tenant_id, product_id, warehouse_id, id);
CREATE INDEX stock_moves_doc ON stock_moves (tenant_id, doc_type, doc_id);
CREATE INDEX stock_moves_created ON stock_moves (tenant_id, created_at, id);

-- On hand and reserved per product × warehouse, changed in the same
-- transaction as the ledger row: reading stock is one lookup. available =
-- on_hand − reserved, never below zero.
CREATE TABLE stock_balances (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	product_id BIGINT NOT NULL REFERENCES products(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	on_hand BIGINT NOT NULL DEFAULT 0,
	reserved BIGINT NOT NULL DEFAULT 0,
	updated_at {{ts}} NOT NULL,
	PRIMARY KEY (tenant_id, product_id, warehouse_id),
	CHECK (reserved >= 0 AND on_hand >= reserved)
);
CREATE INDEX stock_balances_warehouse ON stock_balances (tenant_id, warehouse_id, product_id);

-- Moving-average cost per product across the company's warehouses:
-- quantity and value held; the average is value / qty.
CREATE TABLE stock_costs (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	product_id BIGINT NOT NULL REFERENCES products(id),
	qty BIGINT NOT NULL DEFAULT 0,
	value BIGINT NOT NULL DEFAULT 0,
	updated_at {{ts}} NOT NULL,
	PRIMARY KEY (tenant_id, product_id)
);

-- What is reserved for which document line (a sales order's); released
-- on cancel, consumed by the delivery.
CREATE TABLE stock_reservations (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	product_id BIGINT NOT NULL REFERENCES products(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	qty BIGINT NOT NULL,
	doc_type TEXT NOT NULL,
	doc_id BIGINT NOT NULL,
	doc_line BIGINT NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (qty >= 0)
);
CREATE UNIQUE INDEX stock_reservations_line ON stock_reservations (tenant_id, doc_type, doc_id, doc_line, product_id, warehouse_id);
