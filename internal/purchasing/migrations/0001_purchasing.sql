-- Purchase orders (采购订单) and their lines. Amounts and quantities are
-- scaled BIGINT (× 10^4). A line's quantity is in its unit; factor is the
-- base units per that unit (1 for the product's base unit), so what the
-- ledger receives is qty × factor.
CREATE TABLE purchase_orders (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	order_date TEXT NOT NULL,
	expected_date TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	currency TEXT NOT NULL DEFAULT 'CNY',
	subtotal BIGINT NOT NULL DEFAULT 0,
	tax BIGINT NOT NULL DEFAULT 0,
	total BIGINT NOT NULL DEFAULT 0,
	notes TEXT NOT NULL DEFAULT '',
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX purchase_orders_number ON purchase_orders (tenant_id, number);
CREATE INDEX purchase_orders_status ON purchase_orders (tenant_id, status, id);
CREATE INDEX purchase_orders_supplier ON purchase_orders (tenant_id, supplier_id, id);
CREATE INDEX purchase_orders_date ON purchase_orders (tenant_id, order_date, id);
CREATE INDEX purchase_orders_owner ON purchase_orders (tenant_id, owner_id, id);
CREATE INDEX purchase_orders_department ON purchase_orders (tenant_id, department_id, id);

CREATE TABLE purchase_order_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	order_id BIGINT NOT NULL REFERENCES purchase_orders(id),
	line_no INTEGER NOT NULL,
	product_id BIGINT NOT NULL REFERENCES products(id),
	unit TEXT NOT NULL,
	factor BIGINT NOT NULL,
	qty BIGINT NOT NULL CHECK (qty > 0),
	price BIGINT NOT NULL CHECK (price >= 0),
	tax_rate BIGINT NOT NULL DEFAULT 0,
	amount BIGINT NOT NULL,
	tax BIGINT NOT NULL,
	received_qty BIGINT NOT NULL DEFAULT 0,
	rejected_qty BIGINT NOT NULL DEFAULT 0,
	returned_qty BIGINT NOT NULL DEFAULT 0,
	-- (received − returned) × price, kept by the receipts (Go computes it;
	-- SQL never multiplies scaled columns): the purchase summary's figure.
	received_amount BIGINT NOT NULL DEFAULT 0,
	-- What the order still expects: qty − accepted + returned, never below 0
	-- (the CHECK keeps a race from over-receiving).
	CHECK (received_qty - returned_qty <= qty AND returned_qty <= received_qty)
);
CREATE UNIQUE INDEX purchase_order_lines_no ON purchase_order_lines (tenant_id, order_id, line_no);
CREATE INDEX purchase_order_lines_product ON purchase_order_lines (tenant_id, product_id, order_id);

-- Goods receipts (入库单) and purchase returns (采购退货单): each is posted
-- when made; its lines name the order line they settle.
CREATE TABLE purchase_receipts (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	kind TEXT NOT NULL,
	order_id BIGINT NOT NULL REFERENCES purchase_orders(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	doc_date TEXT NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX purchase_receipts_number ON purchase_receipts (tenant_id, number);
CREATE INDEX purchase_receipts_order ON purchase_receipts (tenant_id, order_id, id);
CREATE INDEX purchase_receipts_date ON purchase_receipts (tenant_id, doc_date, id);

CREATE TABLE purchase_receipt_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	receipt_id BIGINT NOT NULL REFERENCES purchase_receipts(id),
	order_line_id BIGINT NOT NULL REFERENCES purchase_order_lines(id),
	product_id BIGINT NOT NULL REFERENCES products(id),
	qty BIGINT NOT NULL,
	rejected_qty BIGINT NOT NULL DEFAULT 0,
	reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purchase_receipt_lines_receipt ON purchase_receipt_lines (tenant_id, receipt_id, id);
