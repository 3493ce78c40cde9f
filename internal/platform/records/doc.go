// Package records is the definition-driven engine behind every master-data
// type (customers, contacts, suppliers, products, warehouses, carriers…) and
// any later "simple record" type: a module declares a Type — its fields, with
// kind, validation, list/search/import behaviour — and the engine provides
// the rest once, for every type:
//
//   - create, read, update (version-checked) and delete, each one transaction
//     with the audit row (field-level diff) — Service.Create/Get/Update/Delete;
//   - validation in the user's language: required, formats (phone, email,
//     tax id), lengths, enum/dictionary/reference membership, unique codes per
//     tenant (errs.Invalid with one FieldError per field; nothing is written);
//   - codes from the numbering service when left blank;
//   - owner, department and shared-with users/departments for Owned types,
//     with the role's data scope applied to every read, search, export and
//     import-update, and phone masking without <module>.unmask;
//   - lists with filters, sort, keyset paging and a capped count (never an
//     unbounded count(*) on the hot path) — Service.List;
//   - the search text (name + pinyin + initials + phone digits) computed on
//     write and matched through the FTS5 / pg_trgm index — Service.Search;
//   - duplicate warnings (same name or phone: a warning, never a block);
//   - trees (customer groups, product categories) with a maximum depth;
//   - child types (contacts of a customer) scoped through their parent;
//   - dictionaries (configurable lists with order, colour and inactive) that
//     Dict and Tags fields draw from;
//   - attachments on any record.
//
// Storage is one real table per Type (columns named like the fields), so
// indexes, sorts and filters work at millions of rows; the engine writes the
// standard columns (id, tenant_id, version, created_at, updated_at,
// created_by, updated_by; owner_id, department_id for Owned types;
// search_text for types with searchable fields). CheckSchema compares a
// Type with its table on both databases.
//
// The HTTP faces are generic too: package recordapi registers the JSON API of
// every Type (with its OpenAPI schema built from the fields) and package
// recordui its pages; package recordio imports and exports any Type.
//
// Table conventions (a module's migration follows them; CheckSchema
// verifies the columns): the table is named Type.Key with the standard
// columns above plus one column per field — TEXT for string kinds (Date as
// "YYYY-MM-DD", Tags as "|a|b|"), BIGINT for Int, Ref, User and Decimal
// (scaled by 10⁻⁴), BOOLEAN NOT NULL DEFAULT FALSE for Bool; an empty value
// is NULL. A type with Search fields has search_text indexed with exactly
// search.Index{Table: key, Column: "search_text"}.SQL. Indexes lead with
// tenant_id: UNIQUE (tenant_id, f) for Unique and Code fields, (tenant_id,
// f, id) for Sort and Filter fields and the Of field, (tenant_id, owner_id,
// id) and (tenant_id, department_id, id) for Owned types.
//
// Invariants and choices:
//
//   - Visibility: Owned types follow sc.Visibility on owner_id/department_id
//     OR record_shares (shared with the actor or the actor's department);
//     child types follow their parent; everything else is tenant-wide.
//     Outside it a record is errs.NotFound, for reads, writes and references.
//   - Validation collects every field problem into one errs.Invalid before
//     anything is written; values unchanged by an update are not checked
//     again. Unique values are checked with a SELECT first (on PostgreSQL a
//     failed INSERT aborts an import's transaction); a race that still hits
//     the unique index becomes the same field error.
//   - Duplicate fields keep normalised keys in record_keys (DuplicateKeys),
//     so duplicate warnings are one indexed lookup whatever the type's own
//     indexes are.
//   - Lists count at most CountCap+1 rows; labels of a page take one query
//     per referenced table; Search has no ORDER BY so LIMIT stops the index
//     scan. Trees are small: checks and descendant filters load (id, parent)
//     pairs once.
//   - Imports: DryRun(ctx) skips the search text and the audit row of rows
//     that roll back anyway; Batch writes search texts 500 rows at a time
//     (on SQLite a row-by-row FTS5 insert costs a segment flush per row).
//     Lookups of referenced records and users are cached per transaction.
//   - Dictionaries are cached per tenant from the read pool, dropped on
//     commit of a change and reloaded after 30 s (another server's edits).
package records
