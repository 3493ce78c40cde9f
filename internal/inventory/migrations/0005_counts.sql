-- Stock counts (盘点单): a sheet for a warehouse (optionally one product
-- category) with the on-hand expected when it was made; counted
-- quantities are entered (or scanned); posting books counted − on-hand
-- at posting time as CountGain/CountLoss. draft → counting → posted;
-- cancel before posting.
CREATE TABLE stock_counts (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	status TEXT NOT NULL,
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	category_id BIGINT REFERENCES product_categories(id),
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	posted_at {{ts}}
);
CREATE UNIQUE INDEX stock_counts_number ON stock_counts (tenant_id, number);
CREATE INDEX stock_counts_status ON stock_counts (tenant_id, status, id);

-- expected: on hand when the line was made; counted: NULL until entered;
-- booked: on hand when the count was posted (the difference posted is
-- counted − booked).
CREATE TABLE stock_count_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	count_id BIGINT NOT NULL REFERENCES stock_counts(id),
	line_no INTEGER NOT NULL,
	product_id BIGINT NOT NULL REFERENCES products(id),
	expected BIGINT NOT NULL,
	counted BIGINT,
	booked BIGINT,
	CHECK (counted IS NULL OR counted >= 0)
);
CREATE UNIQUE INDEX stock_count_lines_no ON stock_count_lines (tenant_id, count_id, line_no);
CREATE UNIQUE INDEX stock_count_lines_product ON stock_count_lines (tenant_id, count_id, product_id);
