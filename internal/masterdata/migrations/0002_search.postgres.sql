-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX customer_groups_search_text_trgm ON customer_groups USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX customers_search_text_trgm ON customers USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX contacts_search_text_trgm ON contacts USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX currencies_search_text_trgm ON currencies USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX suppliers_search_text_trgm ON suppliers USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX supplier_contacts_search_text_trgm ON supplier_contacts USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX product_categories_search_text_trgm ON product_categories USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX products_search_text_trgm ON products USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX price_lists_search_text_trgm ON price_lists USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX warehouses_search_text_trgm ON warehouses USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX warehouse_locations_search_text_trgm ON warehouse_locations USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX carriers_search_text_trgm ON carriers USING gin (search_text public.gin_trgm_ops);
-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX process_steps_search_text_trgm ON process_steps USING gin (search_text public.gin_trgm_ops);
