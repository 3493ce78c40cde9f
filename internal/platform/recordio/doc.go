// Package recordio imports and exports the records of any records.Type,
// driven by the Type's fields: there is no per-entity import or export
// code. It builds on package importer (reading, mapping, cell validation,
// templates, the streaming writer) and on records.Service (every row is
// written by CreateTx/UpdateTx, so an import validates exactly as a form).
//
// Columns (Schema): one per field that is neither NoImport nor ReadOnly,
// plus the owner of an Owned type. Ref cells hold the referenced record's
// code or name, Dict cells an item's code or label (zh-CN or en), Tags
// several of those separated by , ， ; ； or |, User and owner cells a
// username or display name. They are resolved with one query per
// dictionary, per referenced type (in chunks) and one for the users — never
// one per row. A name two records share is a problem of the row ("use the
// code"); references to records created earlier in the same file work (a
// group tree, parents first).
//
// Import semantics:
//   - a row whose code (a Code or Unique code field; dictionary items:
//     dictionary and code) names an existing record visible to the caller
//     updates it and needs <module>.edit; its version is not checked — the
//     file is taken as the newer truth. Any other row creates a record and
//     needs <module>.create. A code taken by a record the caller may not see
//     is a problem of that row ("field.taken"), never an update and never a
//     word about that record.
//   - columns the file lacks stay as they are on update (defaults on
//     create); an empty cell clears the field, except the owner's (kept).
//   - all or nothing: every row is written in ONE transaction; any problem
//     in any row rolls all of them back and the report lists every problem
//     (row, field, catalog code, translated message), up to MaxProblems.
//   - the dry run takes the very same path and rolls back (records.DryRun
//     only skips the search text and audit rows nobody will see), so it
//     reports exactly what the commit would.
//   - files of more than SyncMax rows run as a jobs job ("records.import")
//     with progress (rows done / total); the job's result is the report.
//   - the column mapping used (file header → field) is remembered per
//     tenant, user and type (import_mappings) and applied to the next file.
//   - a commit writes one audit row "<type>.import" (file, rows, created,
//     updated) besides the engine's row per record.
//
// Export streams what a list filter selects (records.Service.Each, never the
// whole file in memory) as CSV with BOM or XLSX, needs <module>.export and
// is audited ("<type>.export" with the filter and the row count). Its
// columns are the template's, so an export imports back as updates; values
// are for people — Enum and dictionary labels in the user's language (a
// code where two items share a label), 是/否 or yes/no, referenced records
// by code, users by display name (username where two share one). Phones are
// masked as on screen without <module>.unmask; such a column does not
// import back.
//
// HTTP: RegisterAPI (import, export, import-template per Type) and
// RegisterUI (the import pages and the export download under /md/<path>).
package recordio
