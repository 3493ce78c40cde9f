-- Test-only table for package search. No foreign key to tenants: the tests
-- use tenant ids that exist only here.
CREATE TABLE search_test_items (
	id {{pk}},
	tenant_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	phone TEXT NOT NULL DEFAULT '',
	search_text TEXT NOT NULL
);
CREATE INDEX search_test_items_tenant ON search_test_items (tenant_id, id);
