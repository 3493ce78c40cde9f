package records

// CONTRACT — being implemented (see service.go).

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// DictModule is the permission module of dictionaries (view, create, edit).
const DictModule = "dictionaries"

// DictItems is the Type of dictionary items, so dictionaries are edited
// through the same list, form, API and import as every record type:
// fields dict (the Dict key), code, name, parent_id (tree dictionaries),
// sort_order, color, active. Items are never deleted, only deactivated.
// The records package registers it in every Registry it serves.
var DictItems = &Type{Key: "dict_items", Path: "dictionaries", Module: DictModule}

// DictOption is one item as a select shows it.
type DictOption struct {
	Code   string `json:"code"`
	Label  string `json:"label"` // the tenant's name, or the built-in label in the caller's language
	Color  string `json:"color,omitempty"`
	Parent string `json:"parent,omitempty"`
	Active bool   `json:"active"`
}

// DictOptions lists a dictionary's items in order (inactive ones only when
// withInactive, for showing a stored value). Any signed-in user may read
// them (forms need them).
func (s *Service) DictOptions(ctx context.Context, sc tenant.Scope, dict string, withInactive bool) ([]DictOption, error) {
	panic("records: not implemented")
}

// SeedDicts adds the built-in items of every registered dictionary that
// the tenant does not have yet (by code); run when a tenant is created and
// after an upgrade adds dictionaries.
func (s *Service) SeedDicts(ctx context.Context, tx *db.Tx, tenantID int64) error {
	panic("records: not implemented")
}

// Attachment is a file on a record (product images, contracts…).
type Attachment struct {
	ID          int64     `json:"id"`
	RecordType  string    `json:"record_type"`
	RecordID    int64     `json:"record_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedBy   int64     `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// MaxAttachment bounds one file.
const MaxAttachment = 10 << 20

// Attach stores a file on a record the caller may edit.
func (s *Service) Attach(ctx context.Context, sc tenant.Scope, t *Type, id int64, filename, contentType string, data []byte) (Attachment, error) {
	panic("records: not implemented")
}

// Attachments lists a visible record's files.
func (s *Service) Attachments(ctx context.Context, sc tenant.Scope, t *Type, id int64) ([]Attachment, error) {
	panic("records: not implemented")
}

// AttachmentData reads one file of a visible record.
func (s *Service) AttachmentData(ctx context.Context, sc tenant.Scope, t *Type, id, attachmentID int64) (Attachment, []byte, error) {
	panic("records: not implemented")
}

// DeleteAttachment removes a file from a record the caller may edit.
func (s *Service) DeleteAttachment(ctx context.Context, sc tenant.Scope, t *Type, id, attachmentID int64) error {
	panic("records: not implemented")
}
