// Package recordui is the server-rendered face of every record Type (see
// package records): one list page, one form, one record page with tabs, one
// dictionaries page and one global-search provider per type, all driven by
// the Type declarations — no page is written per entity.
//
// Pages per Type (Path p, permission module m):
//
//	GET  /md/p                      list: columns, filters, q, sort, capped count, paging, export/import links   m.view
//	GET  /md/p/new, POST /md/p      the form (sections, ShowIf, duplicate warning)                            m.create
//	GET  /md/p/options?q=           <option>s for the autocomplete of Ref fields to p                         m.view
//	POST /md/p/duplicates           the duplicate-warning box for the form's current values                   m.view
//	GET  /md/p/{id}?tab=            the record: details form, child types, module tabs, attachments, history  m.view
//	POST /md/p/{id}                 update (version-checked)                                                   m.edit
//	POST /md/p/{id}/delete          delete (version-checked; 409 says why not)                                 m.delete
//	POST /md/p/{id}/attachments, GET …/attachments/{att}, POST …/attachments/{att}/delete
//
// Choices: a Ref to a tree Type or to a Type without searchable fields is a
// select (such types are small: groups, categories, currencies); a Ref to
// a searchable Type (customers, products) is an autocomplete. The history
// tab reads the audit trail and is shown to users with audit.view only —
// the trail is the audit log's data, and audit.Search requires it.
package recordui
