-- Adjustments (库存调整单) with a reason and approval: draft → submit →
-- pending_review (or approved at once when no approval rule applies) →
-- approve → approved (AdjustIn/AdjustOut posted) | reject → draft;
-- cancel in draft or pending_review.
CREATE TABLE stock_adjustments (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	number TEXT NOT NULL,
	status TEXT NOT NULL,
	warehouse_id BIGINT NOT NULL REFERENCES warehouses(id),
	reason TEXT NOT NULL,
	reason_note TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	posted_at {{ts}}
);
CREATE UNIQUE INDEX stock_adjustments_number ON stock_adjustments (tenant_id, number);
CREATE INDEX stock_adjustments_status ON stock_adjustments (tenant_id, status, id);

-- qty is signed: + adds stock (AdjustIn), − removes it (AdjustOut).
CREATE TABLE stock_adjustment_lines (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	adjustment_id BIGINT NOT NULL REFERENCES stock_adjustments(id),
	line_no INTEGER NOT NULL,
	product_id BIGINT NOT NULL REFERENCES products(id),
	qty BIGINT NOT NULL,
	CHECK (qty <> 0)
);
CREATE UNIQUE INDEX stock_adjustment_lines_no ON stock_adjustment_lines (tenant_id, adjustment_id, line_no);
