-- Reorder rules (库存预警), a record type (inventory.ReorderRules).
CREATE TABLE reorder_rules (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	product_id BIGINT NOT NULL REFERENCES products(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	reorder_point BIGINT NOT NULL,
	reorder_qty BIGINT NOT NULL,
	supplier_id BIGINT REFERENCES suppliers(id),
	active BOOLEAN NOT NULL DEFAULT TRUE,
	note TEXT
);
CREATE UNIQUE INDEX reorder_rules_product_warehouse ON reorder_rules (tenant_id, product_id, warehouse_id);
CREATE INDEX reorder_rules_warehouse_id ON reorder_rules (tenant_id, warehouse_id, id);
CREATE INDEX reorder_rules_supplier_id ON reorder_rules (tenant_id, supplier_id, id);
CREATE INDEX reorder_rules_active ON reorder_rules (tenant_id, active, id);
