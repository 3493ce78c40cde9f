-- Deliveries (发货单): goods of one customer's approved orders leaving one
-- warehouse. Quantities are scaled BIGINT (× 10^4) in the order line's unit
-- (factor: base units per that unit, copied from the order line).
CREATE TABLE sales_deliveries (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	customer_id BIGINT NOT NULL REFERENCES customers(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	status TEXT NOT NULL,
	shipping_address TEXT NOT NULL DEFAULT '',
	-- A built-in carrier code (carriers.go) and its waybill number, set on
	-- shipping at the latest.
	carrier TEXT NOT NULL DEFAULT '',
	tracking_no TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	shipped_at {{ts}},
	delivered_at {{ts}},
	received_by TEXT NOT NULL DEFAULT '',
	cancel_reason TEXT NOT NULL DEFAULT '',
	-- The orders' salesperson and department: the data scope follows them.
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sales_deliveries_number ON sales_deliveries (tenant_id, number);
CREATE INDEX sales_deliveries_status ON sales_deliveries (tenant_id, status, id);
CREATE INDEX sales_deliveries_customer ON sales_deliveries (tenant_id, customer_id, id);
CREATE INDEX sales_deliveries_owner ON sales_deliveries (tenant_id, owner_id, id);
CREATE INDEX sales_deliveries_department ON sales_deliveries (tenant_id, department_id, id);

CREATE TABLE sales_delivery_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	delivery_id BIGINT NOT NULL REFERENCES sales_deliveries(id),
	line_no INTEGER NOT NULL,
	order_id BIGINT NOT NULL REFERENCES sales_orders(id),
	order_line_id BIGINT NOT NULL REFERENCES sales_order_lines(id),
	product_id BIGINT NOT NULL REFERENCES products(id),
	unit TEXT NOT NULL,
	factor BIGINT NOT NULL,
	qty BIGINT NOT NULL CHECK (qty > 0),
	-- On receipt (签收): what arrived short or damaged, and why.
	short_qty BIGINT NOT NULL DEFAULT 0,
	damaged_qty BIGINT NOT NULL DEFAULT 0,
	exception_note TEXT NOT NULL DEFAULT '',
	CHECK (short_qty >= 0 AND damaged_qty >= 0 AND short_qty + damaged_qty <= qty)
);
CREATE UNIQUE INDEX sales_delivery_lines_no ON sales_delivery_lines (tenant_id, delivery_id, line_no);
-- The open quantity of an order line sums the lines of its open deliveries.
CREATE INDEX sales_delivery_lines_order_line ON sales_delivery_lines (tenant_id, order_line_id, delivery_id);
CREATE INDEX sales_delivery_lines_order ON sales_delivery_lines (tenant_id, order_id, delivery_id);

-- Tracking events (物流跟踪), entered by hand or through the API.
CREATE TABLE sales_delivery_events (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	delivery_id BIGINT NOT NULL REFERENCES sales_deliveries(id),
	happened_at {{ts}} NOT NULL,
	location TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL,
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX sales_delivery_events_delivery ON sales_delivery_events (tenant_id, delivery_id, happened_at, id);
