-- External-content FTS5 trigram index over customer_groups.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE customer_groups_fts USING fts5(search_text, tokenize='trigram', content='customer_groups', content_rowid='id');
CREATE TRIGGER customer_groups_fts_ai AFTER INSERT ON customer_groups BEGIN
	INSERT INTO customer_groups_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER customer_groups_fts_ad AFTER DELETE ON customer_groups BEGIN
	INSERT INTO customer_groups_fts(customer_groups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customer_groups_fts_au AFTER UPDATE OF search_text ON customer_groups BEGIN
	INSERT INTO customer_groups_fts(customer_groups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO customer_groups_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO customer_groups_fts(customer_groups_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over customers.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE customers_fts USING fts5(search_text, tokenize='trigram', content='customers', content_rowid='id');
CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
	INSERT INTO customers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN
	INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customers_fts_au AFTER UPDATE OF search_text ON customers BEGIN
	INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO customers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over contacts.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE contacts_fts USING fts5(search_text, tokenize='trigram', content='contacts', content_rowid='id');
CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN
	INSERT INTO contacts_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN
	INSERT INTO contacts_fts(contacts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER contacts_fts_au AFTER UPDATE OF search_text ON contacts BEGIN
	INSERT INTO contacts_fts(contacts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO contacts_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over currencies.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE currencies_fts USING fts5(search_text, tokenize='trigram', content='currencies', content_rowid='id');
CREATE TRIGGER currencies_fts_ai AFTER INSERT ON currencies BEGIN
	INSERT INTO currencies_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER currencies_fts_ad AFTER DELETE ON currencies BEGIN
	INSERT INTO currencies_fts(currencies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER currencies_fts_au AFTER UPDATE OF search_text ON currencies BEGIN
	INSERT INTO currencies_fts(currencies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO currencies_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO currencies_fts(currencies_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over suppliers.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE suppliers_fts USING fts5(search_text, tokenize='trigram', content='suppliers', content_rowid='id');
CREATE TRIGGER suppliers_fts_ai AFTER INSERT ON suppliers BEGIN
	INSERT INTO suppliers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER suppliers_fts_ad AFTER DELETE ON suppliers BEGIN
	INSERT INTO suppliers_fts(suppliers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER suppliers_fts_au AFTER UPDATE OF search_text ON suppliers BEGIN
	INSERT INTO suppliers_fts(suppliers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO suppliers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO suppliers_fts(suppliers_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over supplier_contacts.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE supplier_contacts_fts USING fts5(search_text, tokenize='trigram', content='supplier_contacts', content_rowid='id');
CREATE TRIGGER supplier_contacts_fts_ai AFTER INSERT ON supplier_contacts BEGIN
	INSERT INTO supplier_contacts_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER supplier_contacts_fts_ad AFTER DELETE ON supplier_contacts BEGIN
	INSERT INTO supplier_contacts_fts(supplier_contacts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER supplier_contacts_fts_au AFTER UPDATE OF search_text ON supplier_contacts BEGIN
	INSERT INTO supplier_contacts_fts(supplier_contacts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO supplier_contacts_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO supplier_contacts_fts(supplier_contacts_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over product_categories.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE product_categories_fts USING fts5(search_text, tokenize='trigram', content='product_categories', content_rowid='id');
CREATE TRIGGER product_categories_fts_ai AFTER INSERT ON product_categories BEGIN
	INSERT INTO product_categories_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER product_categories_fts_ad AFTER DELETE ON product_categories BEGIN
	INSERT INTO product_categories_fts(product_categories_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER product_categories_fts_au AFTER UPDATE OF search_text ON product_categories BEGIN
	INSERT INTO product_categories_fts(product_categories_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO product_categories_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO product_categories_fts(product_categories_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over products.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE products_fts USING fts5(search_text, tokenize='trigram', content='products', content_rowid='id');
CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN
	INSERT INTO products_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN
	INSERT INTO products_fts(products_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER products_fts_au AFTER UPDATE OF search_text ON products BEGIN
	INSERT INTO products_fts(products_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO products_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO products_fts(products_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over price_lists.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE price_lists_fts USING fts5(search_text, tokenize='trigram', content='price_lists', content_rowid='id');
CREATE TRIGGER price_lists_fts_ai AFTER INSERT ON price_lists BEGIN
	INSERT INTO price_lists_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER price_lists_fts_ad AFTER DELETE ON price_lists BEGIN
	INSERT INTO price_lists_fts(price_lists_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER price_lists_fts_au AFTER UPDATE OF search_text ON price_lists BEGIN
	INSERT INTO price_lists_fts(price_lists_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO price_lists_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO price_lists_fts(price_lists_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over warehouses.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE warehouses_fts USING fts5(search_text, tokenize='trigram', content='warehouses', content_rowid='id');
CREATE TRIGGER warehouses_fts_ai AFTER INSERT ON warehouses BEGIN
	INSERT INTO warehouses_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER warehouses_fts_ad AFTER DELETE ON warehouses BEGIN
	INSERT INTO warehouses_fts(warehouses_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER warehouses_fts_au AFTER UPDATE OF search_text ON warehouses BEGIN
	INSERT INTO warehouses_fts(warehouses_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO warehouses_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO warehouses_fts(warehouses_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over warehouse_locations.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE warehouse_locations_fts USING fts5(search_text, tokenize='trigram', content='warehouse_locations', content_rowid='id');
CREATE TRIGGER warehouse_locations_fts_ai AFTER INSERT ON warehouse_locations BEGIN
	INSERT INTO warehouse_locations_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER warehouse_locations_fts_ad AFTER DELETE ON warehouse_locations BEGIN
	INSERT INTO warehouse_locations_fts(warehouse_locations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER warehouse_locations_fts_au AFTER UPDATE OF search_text ON warehouse_locations BEGIN
	INSERT INTO warehouse_locations_fts(warehouse_locations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO warehouse_locations_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO warehouse_locations_fts(warehouse_locations_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over carriers.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE carriers_fts USING fts5(search_text, tokenize='trigram', content='carriers', content_rowid='id');
CREATE TRIGGER carriers_fts_ai AFTER INSERT ON carriers BEGIN
	INSERT INTO carriers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER carriers_fts_ad AFTER DELETE ON carriers BEGIN
	INSERT INTO carriers_fts(carriers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER carriers_fts_au AFTER UPDATE OF search_text ON carriers BEGIN
	INSERT INTO carriers_fts(carriers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO carriers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO carriers_fts(carriers_fts) VALUES ('rebuild');
-- External-content FTS5 trigram index over process_steps.search_text, kept in sync by triggers.
CREATE VIRTUAL TABLE process_steps_fts USING fts5(search_text, tokenize='trigram', content='process_steps', content_rowid='id');
CREATE TRIGGER process_steps_fts_ai AFTER INSERT ON process_steps BEGIN
	INSERT INTO process_steps_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER process_steps_fts_ad AFTER DELETE ON process_steps BEGIN
	INSERT INTO process_steps_fts(process_steps_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER process_steps_fts_au AFTER UPDATE OF search_text ON process_steps BEGIN
	INSERT INTO process_steps_fts(process_steps_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO process_steps_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO process_steps_fts(process_steps_fts) VALUES ('rebuild');
