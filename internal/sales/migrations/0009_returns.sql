-- Returns and exchanges (退换货) of shipped order lines. Quantities and
-- amounts are scaled BIGINT (× 10^4); a line's quantity is in the order
-- line's unit (factor: base units per that unit, copied from it).
CREATE TABLE sales_returns (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	order_id BIGINT NOT NULL REFERENCES sales_orders(id),
	customer_id BIGINT NOT NULL REFERENCES customers(id),
	-- Where the goods come back: the order's warehouse.
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	kind TEXT NOT NULL, -- return (退货) | exchange (换货)
	status TEXT NOT NULL,
	reason TEXT NOT NULL, -- a code of the fixed list (model.go)
	reason_note TEXT NOT NULL DEFAULT '',
	-- The value of the returned goods incl. tax: Σ qty × the order line's
	-- net price incl. tax (what a return refunds).
	amount BIGINT NOT NULL DEFAULT 0,
	decision_comment TEXT NOT NULL DEFAULT '',
	decided_by BIGINT REFERENCES users(id),
	decided_at {{ts}},
	received_at {{ts}},
	received_note TEXT NOT NULL DEFAULT '',
	inspected_at {{ts}},
	closed_at {{ts}},
	-- The order's salesperson and department: the data scope follows them.
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sales_returns_number ON sales_returns (tenant_id, number);
CREATE INDEX sales_returns_status ON sales_returns (tenant_id, status, id);
CREATE INDEX sales_returns_order ON sales_returns (tenant_id, order_id, id);
CREATE INDEX sales_returns_customer ON sales_returns (tenant_id, customer_id, id);
CREATE INDEX sales_returns_owner ON sales_returns (tenant_id, owner_id, id);
CREATE INDEX sales_returns_department ON sales_returns (tenant_id, department_id, id);

CREATE TABLE sales_return_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	return_id BIGINT NOT NULL REFERENCES sales_returns(id),
	line_no INTEGER NOT NULL,
	order_line_id BIGINT NOT NULL REFERENCES sales_order_lines(id),
	product_id BIGINT NOT NULL REFERENCES products(id),
	unit TEXT NOT NULL,
	factor BIGINT NOT NULL,
	qty BIGINT NOT NULL CHECK (qty > 0),
	amount BIGINT NOT NULL DEFAULT 0,
	-- On inspection (验收): what went back into stock and what was scrapped.
	restock_qty BIGINT NOT NULL DEFAULT 0,
	scrap_qty BIGINT NOT NULL DEFAULT 0,
	inspect_note TEXT NOT NULL DEFAULT '',
	CHECK (restock_qty >= 0 AND scrap_qty >= 0 AND restock_qty + scrap_qty <= qty)
);
CREATE UNIQUE INDEX sales_return_lines_no ON sales_return_lines (tenant_id, return_id, line_no);
-- What an order line may still return sums the lines of its returns.
CREATE INDEX sales_return_lines_order_line ON sales_return_lines (tenant_id, order_line_id, return_id);

-- Refund requests (退款申请) made by inspected returns, for finance to pay.
CREATE TABLE sales_refund_requests (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	return_id BIGINT NOT NULL REFERENCES sales_returns(id),
	order_id BIGINT NOT NULL REFERENCES sales_orders(id),
	customer_id BIGINT NOT NULL REFERENCES customers(id),
	amount BIGINT NOT NULL CHECK (amount >= 0),
	currency TEXT NOT NULL DEFAULT 'CNY',
	status TEXT NOT NULL, -- requested; finance moves it on
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sales_refund_requests_return ON sales_refund_requests (tenant_id, return_id);
CREATE INDEX sales_refund_requests_status ON sales_refund_requests (tenant_id, status, id);
CREATE INDEX sales_refund_requests_owner ON sales_refund_requests (tenant_id, owner_id, id);
CREATE INDEX sales_refund_requests_department ON sales_refund_requests (tenant_id, department_id, id);

-- A replacement delivery (换货补发) names the exchange it sends goods for:
-- it ships without the order's reservation and leaves shipped_qty alone.
ALTER TABLE sales_deliveries ADD COLUMN return_id BIGINT REFERENCES sales_returns(id);
CREATE INDEX sales_deliveries_return ON sales_deliveries (tenant_id, return_id);
