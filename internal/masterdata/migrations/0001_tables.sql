-- Master data tables, one per records.Type, following the engine's conventions
-- (see internal/platform/records): standard columns, one column per field,
-- owner/department for owned types, search_text for searchable ones, and
-- indexes leading with tenant_id. The search indexes are in 0002.

-- Customer groups: a tree of up to three levels.
CREATE TABLE customer_groups (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	parent_id BIGINT REFERENCES customer_groups(id),
	sort_order BIGINT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX customer_groups_code ON customer_groups (tenant_id, code);
CREATE INDEX customer_groups_name ON customer_groups (tenant_id, name, id);
CREATE INDEX customer_groups_parent_id ON customer_groups (tenant_id, parent_id, id);
CREATE INDEX customer_groups_sort_order ON customer_groups (tenant_id, sort_order, id);

-- Customers (客户档案). Indexes: one per sort/filter field, the status+name list, created_at and id sorts
-- (duplicate checks use the engine's record_keys).
CREATE TABLE customers (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	owner_id BIGINT REFERENCES users(id),
	department_id BIGINT REFERENCES departments(id),
	code TEXT,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	group_id BIGINT REFERENCES customer_groups(id),
	status TEXT,
	category TEXT,
	source TEXT,
	intention TEXT,
	level TEXT,
	region TEXT,
	tags TEXT,
	phone TEXT,
	mobile TEXT,
	email TEXT,
	website TEXT,
	industry TEXT,
	tax_id TEXT,
	legal_person TEXT,
	registered_capital BIGINT,
	bank_name TEXT,
	bank_account TEXT,
	gender TEXT,
	birthday TEXT,
	id_number TEXT,
	credit_limit BIGINT,
	payment_terms TEXT,
	billing_address TEXT,
	shipping_address TEXT,
	shipping_contact TEXT,
	shipping_phone TEXT,
	blacklisted BOOLEAN NOT NULL DEFAULT FALSE,
	blacklist_reason TEXT,
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX customers_code ON customers (tenant_id, code);
CREATE INDEX customers_name ON customers (tenant_id, name, id);
CREATE INDEX customers_type ON customers (tenant_id, type, id);
CREATE INDEX customers_group_id ON customers (tenant_id, group_id, id);
CREATE INDEX customers_status ON customers (tenant_id, status, id);
CREATE INDEX customers_category ON customers (tenant_id, category, id);
CREATE INDEX customers_source ON customers (tenant_id, source, id);
CREATE INDEX customers_level ON customers (tenant_id, level, id);
CREATE INDEX customers_region ON customers (tenant_id, region, id);
CREATE INDEX customers_blacklisted ON customers (tenant_id, blacklisted, id);
CREATE INDEX customers_industry ON customers (tenant_id, industry, id);
-- A salesman's (own scope) or a manager's (department scope) list by status
-- counts from these alone; without status they serve the scope by prefix.
CREATE INDEX customers_owner_status ON customers (tenant_id, owner_id, status, id);
CREATE INDEX customers_department_status ON customers (tenant_id, department_id, status, id);
CREATE INDEX customers_status_name ON customers (tenant_id, status, name, id);
CREATE INDEX customers_created ON customers (tenant_id, created_at, id);
CREATE INDEX customers_tenant_id ON customers (tenant_id, id);

-- Contacts of customers.
CREATE TABLE contacts (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	customer_id BIGINT NOT NULL REFERENCES customers(id),
	name TEXT NOT NULL,
	job_title TEXT,
	department TEXT,
	mobile TEXT,
	phone TEXT,
	email TEXT,
	wechat TEXT,
	groups TEXT,
	is_primary BOOLEAN NOT NULL DEFAULT FALSE,
	birthday TEXT,
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_customer_id ON contacts (tenant_id, customer_id, id);
CREATE INDEX contacts_name ON contacts (tenant_id, name, id);
CREATE INDEX contacts_is_primary ON contacts (tenant_id, is_primary, id);
CREATE INDEX contacts_tenant_id ON contacts (tenant_id, id);

-- Currencies; exactly one base currency per tenant (kept by hooks).
CREATE TABLE currencies (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	symbol TEXT,
	decimals BIGINT,
	is_base BOOLEAN NOT NULL DEFAULT FALSE,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX currencies_code ON currencies (tenant_id, code);
CREATE INDEX currencies_is_base ON currencies (tenant_id, is_base, id);
CREATE INDEX currencies_active ON currencies (tenant_id, active, id);

-- Exchange rates by date: base-currency units per one unit of the currency.
CREATE TABLE exchange_rates (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	currency_id BIGINT NOT NULL REFERENCES currencies(id),
	rate_date TEXT NOT NULL,
	rate BIGINT NOT NULL
);
CREATE INDEX exchange_rates_currency_id ON exchange_rates (tenant_id, currency_id, id);
CREATE INDEX exchange_rates_rate_date ON exchange_rates (tenant_id, rate_date, id);
CREATE UNIQUE INDEX exchange_rates_currency_date ON exchange_rates (tenant_id, currency_id, rate_date);

-- Suppliers (供应商).
CREATE TABLE suppliers (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT,
	name TEXT NOT NULL,
	status TEXT NOT NULL,
	industry TEXT,
	region TEXT,
	tax_id TEXT,
	legal_person TEXT,
	phone TEXT,
	email TEXT,
	website TEXT,
	address TEXT,
	shipping_address TEXT,
	payment_terms TEXT,
	lead_time_days BIGINT,
	currency_id BIGINT REFERENCES currencies(id),
	min_order_amount BIGINT,
	bank_name TEXT,
	bank_account TEXT,
	account_name TEXT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX suppliers_code ON suppliers (tenant_id, code);
CREATE INDEX suppliers_name ON suppliers (tenant_id, name, id);
CREATE INDEX suppliers_status ON suppliers (tenant_id, status, id);
CREATE INDEX suppliers_industry ON suppliers (tenant_id, industry, id);
CREATE INDEX suppliers_region ON suppliers (tenant_id, region, id);
CREATE INDEX suppliers_active ON suppliers (tenant_id, active, id);
CREATE INDEX suppliers_tenant_id ON suppliers (tenant_id, id);

-- Contacts of suppliers (the same fields as customers' contacts).
CREATE TABLE supplier_contacts (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
	name TEXT NOT NULL,
	job_title TEXT,
	department TEXT,
	mobile TEXT,
	phone TEXT,
	email TEXT,
	wechat TEXT,
	groups TEXT,
	is_primary BOOLEAN NOT NULL DEFAULT FALSE,
	birthday TEXT,
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supplier_contacts_supplier_id ON supplier_contacts (tenant_id, supplier_id, id);
CREATE INDEX supplier_contacts_name ON supplier_contacts (tenant_id, name, id);
CREATE INDEX supplier_contacts_is_primary ON supplier_contacts (tenant_id, is_primary, id);

-- Product categories: a tree of up to four levels.
CREATE TABLE product_categories (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	parent_id BIGINT REFERENCES product_categories(id),
	sort_order BIGINT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX product_categories_code ON product_categories (tenant_id, code);
CREATE INDEX product_categories_name ON product_categories (tenant_id, name, id);
CREATE INDEX product_categories_parent_id ON product_categories (tenant_id, parent_id, id);
CREATE INDEX product_categories_sort_order ON product_categories (tenant_id, sort_order, id);

-- Products (商品); prices per base unit in the base currency.
CREATE TABLE products (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	sku TEXT,
	name TEXT NOT NULL,
	model TEXT,
	type TEXT NOT NULL,
	category_id BIGINT REFERENCES product_categories(id),
	brand TEXT,
	specification TEXT,
	base_unit TEXT NOT NULL,
	barcode TEXT,
	list_price BIGINT,
	standard_cost BIGINT,
	tax_rate BIGINT,
	weight BIGINT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX products_sku ON products (tenant_id, sku);
CREATE UNIQUE INDEX products_barcode ON products (tenant_id, barcode);
CREATE INDEX products_name ON products (tenant_id, name, id);
CREATE INDEX products_type ON products (tenant_id, type, id);
CREATE INDEX products_category_id ON products (tenant_id, category_id, id);
CREATE INDEX products_brand ON products (tenant_id, brand, id);
CREATE INDEX products_list_price ON products (tenant_id, list_price, id);
CREATE INDEX products_active ON products (tenant_id, active, id);
CREATE INDEX products_tenant_id ON products (tenant_id, id);

-- Unit conversions: factor base units per unit.
CREATE TABLE product_units (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	product_id BIGINT NOT NULL REFERENCES products(id),
	unit TEXT NOT NULL,
	factor BIGINT NOT NULL,
	barcode TEXT
);
CREATE UNIQUE INDEX product_units_barcode ON product_units (tenant_id, barcode);
CREATE INDEX product_units_product_id ON product_units (tenant_id, product_id, id);
CREATE INDEX product_units_unit ON product_units (tenant_id, unit, id);
CREATE UNIQUE INDEX product_units_product_unit ON product_units (tenant_id, product_id, unit);

-- Price lists: per customer, member level or everyone, per currency, with validity.
CREATE TABLE price_lists (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT,
	name TEXT NOT NULL,
	currency_id BIGINT NOT NULL REFERENCES currencies(id),
	customer_level TEXT,
	customer_id BIGINT REFERENCES customers(id),
	valid_from TEXT,
	valid_to TEXT,
	priority BIGINT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX price_lists_code ON price_lists (tenant_id, code);
CREATE INDEX price_lists_name ON price_lists (tenant_id, name, id);
CREATE INDEX price_lists_currency_id ON price_lists (tenant_id, currency_id, id);
CREATE INDEX price_lists_customer_level ON price_lists (tenant_id, customer_level, id);
CREATE INDEX price_lists_customer_id ON price_lists (tenant_id, customer_id, id);
CREATE INDEX price_lists_valid_from ON price_lists (tenant_id, valid_from, id);
CREATE INDEX price_lists_priority ON price_lists (tenant_id, priority, id);
CREATE INDEX price_lists_active ON price_lists (tenant_id, active, id);

-- Price list items with quantity breaks.
CREATE TABLE price_list_items (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	price_list_id BIGINT NOT NULL REFERENCES price_lists(id),
	product_id BIGINT NOT NULL REFERENCES products(id),
	unit TEXT,
	min_quantity BIGINT,
	price BIGINT NOT NULL
);
CREATE INDEX price_list_items_price_list_id ON price_list_items (tenant_id, price_list_id, id);
CREATE INDEX price_list_items_product_id ON price_list_items (tenant_id, product_id, id);
CREATE UNIQUE INDEX price_list_items_break ON price_list_items (tenant_id, price_list_id, product_id, unit, min_quantity);
-- The pricing rule looks items up by product and unit across lists.
CREATE INDEX price_list_items_lookup ON price_list_items (tenant_id, product_id, unit, min_quantity);

-- Warehouses.
CREATE TABLE warehouses (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT,
	name TEXT NOT NULL,
	region TEXT,
	address TEXT,
	manager BIGINT REFERENCES users(id),
	phone TEXT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	notes TEXT,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX warehouses_code ON warehouses (tenant_id, code);
CREATE INDEX warehouses_name ON warehouses (tenant_id, name, id);
CREATE INDEX warehouses_active ON warehouses (tenant_id, active, id);

-- Warehouse locations; codes are unique per warehouse.
CREATE TABLE warehouse_locations (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	code TEXT NOT NULL,
	name TEXT,
	zone TEXT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX warehouse_locations_warehouse_id ON warehouse_locations (tenant_id, warehouse_id, id);
CREATE INDEX warehouse_locations_code ON warehouse_locations (tenant_id, code, id);
CREATE INDEX warehouse_locations_active ON warehouse_locations (tenant_id, active, id);
CREATE UNIQUE INDEX warehouse_locations_warehouse_code ON warehouse_locations (tenant_id, warehouse_id, code);

-- Carriers with tracking URL templates ({number}).
CREATE TABLE carriers (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	phone TEXT,
	website TEXT,
	tracking_url TEXT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX carriers_code ON carriers (tenant_id, code);
CREATE INDEX carriers_name ON carriers (tenant_id, name, id);
CREATE INDEX carriers_active ON carriers (tenant_id, active, id);

-- Process steps with cost rates.
CREATE TABLE process_steps (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	cost_rate BIGINT NOT NULL,
	rate_unit TEXT NOT NULL,
	description TEXT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX process_steps_code ON process_steps (tenant_id, code);
CREATE INDEX process_steps_name ON process_steps (tenant_id, name, id);
CREATE INDEX process_steps_active ON process_steps (tenant_id, active, id);
