-- The stock value "as of a date" sums the ledger per product × warehouse up
-- to that moment: a covering index lets both databases read it from the
-- index alone instead of fetching a million table rows.
CREATE INDEX stock_moves_asof ON stock_moves (tenant_id, product_id, warehouse_id, created_at, kind, qty, value);

-- The stock value "now" reads every balance and cost row of the tenant in
-- product order: covering indexes serve it from the index alone (SQLite
-- otherwise fetched each of 376,000 rows from the table by its rowid).
CREATE INDEX stock_balances_value ON stock_balances (tenant_id, product_id, warehouse_id, on_hand);
CREATE INDEX stock_costs_value ON stock_costs (tenant_id, product_id, qty, value);
