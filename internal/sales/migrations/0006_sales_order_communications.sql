-- A sales order's customer-communication log (沟通记录): who talked to the
-- customer, how and what was said. Entries are appended in any status and
-- never edited; deleting a draft takes its log with it (the audit trail
-- keeps both).
CREATE TABLE sales_order_communications (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	order_id BIGINT NOT NULL REFERENCES sales_orders(id) ON DELETE CASCADE,
	channel TEXT NOT NULL,
	body TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX sales_order_communications_order ON sales_order_communications (tenant_id, order_id, id);
