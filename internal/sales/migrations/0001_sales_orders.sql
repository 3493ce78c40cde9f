-- Sales orders (销售订单) and their lines. Amounts and quantities are scaled
-- BIGINT (× 10^4). A line's quantity is in its unit; factor is the base
-- units per that unit, so what the order reserves and ships is qty × factor.
CREATE TABLE sales_orders (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	customer_id BIGINT NOT NULL REFERENCES customers(id),
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	order_date TEXT NOT NULL,
	status TEXT NOT NULL,
	payment_status TEXT NOT NULL DEFAULT 'unpaid',
	payment_method TEXT NOT NULL DEFAULT 'transfer',
	channel TEXT NOT NULL DEFAULT 'staff',
	shipping_address TEXT NOT NULL DEFAULT '',
	handler_id BIGINT REFERENCES users(id),
	notes TEXT NOT NULL DEFAULT '',
	currency TEXT NOT NULL DEFAULT 'CNY',
	subtotal BIGINT NOT NULL DEFAULT 0,
	discount BIGINT NOT NULL DEFAULT 0,
	tax BIGINT NOT NULL DEFAULT 0,
	total BIGINT NOT NULL DEFAULT 0,
	-- Set on submit: the customer's open orders and this one exceed its
	-- credit limit (an approval rule may ask for a supervisor then).
	over_credit_limit BOOLEAN NOT NULL DEFAULT FALSE,
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sales_orders_number ON sales_orders (tenant_id, number);
CREATE INDEX sales_orders_status ON sales_orders (tenant_id, status, id);
CREATE INDEX sales_orders_customer ON sales_orders (tenant_id, customer_id, status, id);
CREATE INDEX sales_orders_date ON sales_orders (tenant_id, order_date, id);
CREATE INDEX sales_orders_owner ON sales_orders (tenant_id, owner_id, id);
CREATE INDEX sales_orders_department ON sales_orders (tenant_id, department_id, id);
CREATE INDEX sales_orders_handler ON sales_orders (tenant_id, handler_id, id);

CREATE TABLE sales_order_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	order_id BIGINT NOT NULL REFERENCES sales_orders(id),
	line_no INTEGER NOT NULL,
	product_id BIGINT NOT NULL REFERENCES products(id),
	unit TEXT NOT NULL,
	factor BIGINT NOT NULL,
	qty BIGINT NOT NULL CHECK (qty > 0),
	price BIGINT NOT NULL CHECK (price >= 0),
	discount_pct BIGINT NOT NULL DEFAULT 0 CHECK (discount_pct >= 0 AND discount_pct <= 1000000),
	tax_rate BIGINT NOT NULL DEFAULT 0,
	-- qty × price less the discount (Go computes it; SQL never multiplies
	-- scaled columns), and the tax on it.
	amount BIGINT NOT NULL,
	discount BIGINT NOT NULL DEFAULT 0,
	tax BIGINT NOT NULL,
	shipped_qty BIGINT NOT NULL DEFAULT 0,
	CHECK (shipped_qty >= 0 AND shipped_qty <= qty)
);
CREATE UNIQUE INDEX sales_order_lines_no ON sales_order_lines (tenant_id, order_id, line_no);
CREATE INDEX sales_order_lines_product ON sales_order_lines (tenant_id, product_id, order_id);
