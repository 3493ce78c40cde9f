-- The order list filtered by customer (and status) or by status, under a
-- data scope (owner, department). Status, owner and department sit in the
-- index entries, so the scope and the status are checked there: the list's
-- capped count reads only the index, and its page walks the index in id
-- order, fetching just the rows it shows. Over 1,000,000 orders, before:
-- a customer's 11,000 completed orders took 30 ms to count for a
-- salesperson (a table fetch per entry); a customer's orders of any status
-- were read and sorted whole.
DROP INDEX sales_orders_customer;
CREATE INDEX sales_orders_customer ON sales_orders (tenant_id, customer_id, id, status, owner_id, department_id);
DROP INDEX sales_orders_status;
CREATE INDEX sales_orders_status ON sales_orders (tenant_id, status, id, owner_id, department_id);
