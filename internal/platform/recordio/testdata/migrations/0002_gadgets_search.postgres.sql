-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX gadgets_search_text_trgm ON gadgets USING gin (search_text public.gin_trgm_ops);
