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
package records
