-- Quotations (报价) with their lines. A line is a product (priced from the
-- price lists) or a process route (工艺流程): its steps and materials give
-- the cost of one unit of the product the route makes. Amounts, hours and
-- quantities are scaled BIGINT (× 10^4); percentages are percent × 10^4.
CREATE TABLE sales_quotes (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	customer_id BIGINT NOT NULL REFERENCES customers(id),
	-- Where the order made on acceptance ships from (asked then when empty).
	warehouse_id BIGINT REFERENCES warehouses(id),
	quote_date TEXT NOT NULL,
	valid_until TEXT NOT NULL,
	status TEXT NOT NULL,
	currency TEXT NOT NULL DEFAULT 'CNY',
	notes TEXT NOT NULL DEFAULT '',
	subtotal BIGINT NOT NULL DEFAULT 0,
	discount BIGINT NOT NULL DEFAULT 0,
	tax BIGINT NOT NULL DEFAULT 0,
	total BIGINT NOT NULL DEFAULT 0,
	cost BIGINT NOT NULL DEFAULT 0,
	-- subtotal − discount − cost, and that as a percent of subtotal − discount.
	margin BIGINT NOT NULL DEFAULT 0,
	margin_pct BIGINT NOT NULL DEFAULT 0,
	order_id BIGINT REFERENCES sales_orders(id),
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sales_quotes_number ON sales_quotes (tenant_id, number);
CREATE INDEX sales_quotes_status ON sales_quotes (tenant_id, status, id);
-- The expiry job looks for sent (and approved) quotations past valid_until.
CREATE INDEX sales_quotes_valid ON sales_quotes (tenant_id, status, valid_until);
CREATE INDEX sales_quotes_customer ON sales_quotes (tenant_id, customer_id, status, id);
CREATE INDEX sales_quotes_date ON sales_quotes (tenant_id, quote_date, id);
CREATE INDEX sales_quotes_owner ON sales_quotes (tenant_id, owner_id, id);
CREATE INDEX sales_quotes_department ON sales_quotes (tenant_id, department_id, id);

CREATE TABLE sales_quote_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	quote_id BIGINT NOT NULL REFERENCES sales_quotes(id),
	line_no INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('product', 'route')),
	-- A route line's product is what the route makes.
	product_id BIGINT NOT NULL REFERENCES products(id),
	description TEXT NOT NULL DEFAULT '',
	unit TEXT NOT NULL,
	factor BIGINT NOT NULL,
	qty BIGINT NOT NULL CHECK (qty > 0),
	price BIGINT NOT NULL CHECK (price >= 0),
	-- Set when the price came from a markup on the unit cost.
	markup_pct BIGINT,
	discount_pct BIGINT NOT NULL DEFAULT 0 CHECK (discount_pct >= 0 AND discount_pct <= 1000000),
	tax_rate BIGINT NOT NULL DEFAULT 0,
	amount BIGINT NOT NULL,
	discount BIGINT NOT NULL DEFAULT 0,
	tax BIGINT NOT NULL,
	unit_cost BIGINT NOT NULL DEFAULT 0,
	cost BIGINT NOT NULL DEFAULT 0,
	margin BIGINT NOT NULL DEFAULT 0,
	margin_pct BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sales_quote_lines_no ON sales_quote_lines (tenant_id, quote_id, line_no);
CREATE INDEX sales_quote_lines_product ON sales_quote_lines (tenant_id, product_id, quote_id);

-- A route's steps: hours per unit × hourly rate.
CREATE TABLE sales_quote_steps (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	quote_id BIGINT NOT NULL REFERENCES sales_quotes(id),
	line_no INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	process_step_id BIGINT REFERENCES process_steps(id),
	name TEXT NOT NULL,
	hours BIGINT NOT NULL CHECK (hours >= 0),
	rate BIGINT NOT NULL CHECK (rate >= 0),
	cost BIGINT NOT NULL
);
CREATE UNIQUE INDEX sales_quote_steps_seq ON sales_quote_steps (tenant_id, quote_id, line_no, seq);

-- A route's materials: quantity per unit (in the material's base unit) ×
-- unit cost.
CREATE TABLE sales_quote_materials (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	quote_id BIGINT NOT NULL REFERENCES sales_quotes(id),
	line_no INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	product_id BIGINT NOT NULL REFERENCES products(id),
	qty BIGINT NOT NULL CHECK (qty > 0),
	unit_cost BIGINT NOT NULL CHECK (unit_cost >= 0),
	cost BIGINT NOT NULL
);
CREATE UNIQUE INDEX sales_quote_materials_seq ON sales_quote_materials (tenant_id, quote_id, line_no, seq);
CREATE INDEX sales_quote_materials_product ON sales_quote_materials (tenant_id, product_id, quote_id);

-- The order a quotation became on acceptance.
ALTER TABLE sales_orders ADD COLUMN quote_id BIGINT REFERENCES sales_quotes(id);
CREATE INDEX sales_orders_quote ON sales_orders (tenant_id, quote_id);
