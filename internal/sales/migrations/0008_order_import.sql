-- An imported order keeps its reference in the file (the shop's or the
-- customer's order number), unique per tenant and channel: importing the
-- same file again finds the orders instead of making them twice. Orders
-- without one (NULL) never collide.
ALTER TABLE sales_orders ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX sales_orders_external_ref ON sales_orders (tenant_id, channel, external_ref);
