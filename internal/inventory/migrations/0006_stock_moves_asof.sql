-- The stock value "as of a date" sums the ledger per product × warehouse up
-- to that moment: a covering index lets both databases read it from the
-- index alone instead of fetching a million table rows.
CREATE INDEX stock_moves_asof ON stock_moves (tenant_id, product_id, warehouse_id, created_at, kind, qty, value);
