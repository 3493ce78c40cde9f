package records

// CONTRACT — being implemented. Every exported signature in this file is
// the API other packages (recordapi, recordui, recordio, masterdata) are
// written against; the bodies are filled in by the engine work. Do not
// change a signature without updating its callers.

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// CountCap bounds a list's record count: the list counts at most this many
// matching rows (SELECT count(*) FROM (SELECT 1 … LIMIT CountCap+1)) and
// shows "10,000+" beyond, so a list of a million rows never runs an
// unbounded count(*).
const CountCap = 10000

// Service is the engine. One per application.
type Service struct {
	db  *db.DB
	reg *Registry
	num *numbering.Service
	cat *i18n.Catalog
}

// New wires the engine. Register the Reassignable of every Owned type with
// ids (RegisterReassignable) while wiring.
func New(d *db.DB, reg *Registry, num *numbering.Service, cat *i18n.Catalog, ids *identity.Service) *Service {
	panic("records: not implemented")
}

// Registry is the registry the service was built with.
func (s *Service) Registry() *Registry { return s.reg }

// Get reads one record visible to sc (404 errs.NotFound otherwise).
// Requires <module>.view.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, t *Type, id int64) (Record, error) {
	panic("records: not implemented")
}

// List reads one page. Filters are the fields with Filter (exact; Tags:
// contains the code; Ref of a tree Type: the node and its descendants),
// "<name>_from"/"<name>_to" for Range fields, owner_id and department_id
// for Owned types, and the Of field of child types. Q goes through the
// search index when the type has Search fields. Page.Total is capped at
// CountCap+1 (ListTotalCapped tells).
func (s *Service) List(ctx context.Context, sc tenant.Scope, t *Type, lq list.Query) (list.Page[Record], error) {
	panic("records: not implemented")
}

// TotalCapped reports whether a page's Total stopped at the cap.
func TotalCapped(total int) bool { return total > CountCap }

// Each walks every record matching lq (its Limit and Cursor ignored) in
// pages of 500 without counting, for exports. Requires <module>.export.
func (s *Service) Each(ctx context.Context, sc tenant.Scope, t *Type, lq list.Query, fn func(Record) error) error {
	panic("records: not implemented")
}

// Search returns at most limit records whose search text matches q, within
// sc's data scope, for the global search and reference pickers.
func (s *Service) Search(ctx context.Context, sc tenant.Scope, t *Type, q string, limit int) ([]Record, error) {
	panic("records: not implemented")
}

// Create validates in and writes a new record with its audit row, in one
// transaction. Requires <module>.create.
func (s *Service) Create(ctx context.Context, sc tenant.Scope, t *Type, in Input) (Record, error) {
	panic("records: not implemented")
}

// Update applies in to the record if it is still at version, in one
// transaction (409 errs.Stale otherwise). Requires <module>.edit.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, t *Type, id int64, version int, in Input) (Record, error) {
	panic("records: not implemented")
}

// Delete removes a record at version that nothing refers to (409
// "records.in_use" with the reason otherwise). Requires <module>.delete.
func (s *Service) Delete(ctx context.Context, sc tenant.Scope, t *Type, id int64, version int) error {
	panic("records: not implemented")
}

// CreateTx and UpdateTx are Create and Update inside the caller's
// transaction (imports commit every row in one). The permission is checked
// by the caller once. UpdateTx with version 0 skips the version check.
func (s *Service) CreateTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, t *Type, in Input) (Record, error) {
	panic("records: not implemented")
}

func (s *Service) UpdateTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, t *Type, id int64, version int, in Input) (Record, error) {
	panic("records: not implemented")
}

// FindBy finds the record of t whose field equals value (a Code or Unique
// field), visible to sc; ok is false when there is none. Imports use it to
// update an existing record by code, and to resolve references by code.
func (s *Service) FindBy(ctx context.Context, q db.Querier, sc tenant.Scope, t *Type, field string, value string) (Record, bool, error) {
	panic("records: not implemented")
}

// Duplicates returns the warnings a save of in would produce (same value of
// a Duplicate field in another record of the tenant, whatever its owner —
// the warning names it only when sc may see it). exceptID is the record
// being edited (0 on create). The form calls it while the user types.
func (s *Service) Duplicates(ctx context.Context, sc tenant.Scope, t *Type, in Input, exceptID int64) ([]Warning, error) {
	panic("records: not implemented")
}

// ParseInput turns raw values (form strings, JSON) into an Input of typed
// values without validating references — for callers that must show what
// a value parses to. Field errors are errs.Invalid.
func (s *Service) ParseInput(t *Type, in Input) (Input, error) {
	panic("records: not implemented")
}
