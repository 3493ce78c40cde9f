package records

import (
	"context"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Attachment is a file on a record (product images, contracts…).
type Attachment struct {
	ID          int64     `db:"id" json:"id"`
	RecordType  string    `db:"record_type" json:"record_type"`
	RecordID    int64     `db:"record_id" json:"record_id"`
	Filename    string    `db:"filename" json:"filename"`
	ContentType string    `db:"content_type" json:"content_type"`
	Size        int64     `db:"size" json:"size"`
	CreatedBy   int64     `db:"created_by" json:"created_by"`
	CreatedAt   time.Time `db:"created_at" json:"created_at"`
}

// MaxAttachment bounds one file.
const MaxAttachment = 10 << 20

const attachCols = `id, record_type, record_id, filename, content_type, size, COALESCE(created_by, 0) AS created_by, created_at`

// Files are the attachments of one kind of record or document: the
// record pages and API serve any of them the same way.
type Files interface {
	Attach(ctx context.Context, sc tenant.Scope, id int64, filename, contentType string, data []byte) (Attachment, error)
	List(ctx context.Context, sc tenant.Scope, id int64) ([]Attachment, error)
	Data(ctx context.Context, sc tenant.Scope, id, attachmentID int64) (Attachment, []byte, error)
	Delete(ctx context.Context, sc tenant.Scope, id, attachmentID int64) error
}

// DocFiles keeps the attachments of one document type in the shared
// attachments table. Who may see or change a document is its module's
// business: Allow answers that (edit: may change it, and it is locked in
// q, the write transaction), with the module's own not-found and
// forbidden errors.
type DocFiles struct {
	DB      *db.DB
	DocType string // "sales_order"; also the audit entries' type ("sales_order.attach")
	Allow   func(ctx context.Context, q db.Querier, sc tenant.Scope, id int64, edit bool) error
}

// Attach stores a file on a document the caller may change. Field errors
// on "file": empty, or over MaxAttachment.
func (f DocFiles) Attach(ctx context.Context, sc tenant.Scope, id int64, filename, contentType string, data []byte) (Attachment, error) {
	switch {
	case len(data) == 0:
		return Attachment{}, errs.Invalid(errs.Field("file", "field.required"))
	case len(data) > MaxAttachment:
		return Attachment{}, errs.Invalid(errs.Field("file", "records.file_too_large", "Max", MaxAttachment>>20))
	}
	name := cleanFilename(filename)
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	var out Attachment
	err := f.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := f.Allow(ctx, tx, sc, id, true); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		now := db.Now()
		aid, err := db.Insert(ctx, q, `INSERT INTO attachments (tenant_id, record_type, record_id, filename, content_type, size, data,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			q.Tenant, f.DocType, id, name, contentType, len(data), data, db.NullID(sc.Actor()), now)
		if err != nil {
			return err
		}
		out = Attachment{ID: aid, RecordType: f.DocType, RecordID: id, Filename: name, ContentType: contentType,
			Size: int64(len(data)), CreatedBy: sc.Actor(), CreatedAt: now}
		return audit.Record(ctx, tx, sc, f.DocType+".attach", f.DocType, id, audit.Change{Field: "attachment", After: name})
	})
	return out, err
}

// List is a visible document's files, oldest first.
func (f DocFiles) List(ctx context.Context, sc tenant.Scope, id int64) ([]Attachment, error) {
	q := f.DB.Read()
	if err := f.Allow(ctx, q, sc, id, false); err != nil {
		return nil, err
	}
	out := []Attachment{}
	err := db.Tenant(q, sc.Tenant()).Select(ctx, &out, `SELECT `+attachCols+` FROM attachments
		WHERE tenant_id = ? AND record_type = ? AND record_id = ? ORDER BY id`, sc.Tenant(), f.DocType, id)
	return out, err
}

// Data reads one file of a visible document.
func (f DocFiles) Data(ctx context.Context, sc tenant.Scope, id, attachmentID int64) (Attachment, []byte, error) {
	q := f.DB.Read()
	if err := f.Allow(ctx, q, sc, id, false); err != nil {
		return Attachment{}, nil, err
	}
	var row struct {
		Attachment
		Data []byte `db:"data"`
	}
	err := db.Tenant(q, sc.Tenant()).Get(ctx, &row, `SELECT `+attachCols+`, data FROM attachments
		WHERE tenant_id = ? AND record_type = ? AND record_id = ? AND id = ?`, sc.Tenant(), f.DocType, id, attachmentID)
	if db.IsNoRows(err) {
		return Attachment{}, nil, errs.NotFound("not_found")
	}
	return row.Attachment, row.Data, err
}

// Delete removes a file from a document the caller may change.
func (f DocFiles) Delete(ctx context.Context, sc tenant.Scope, id, attachmentID int64) error {
	return f.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := f.Allow(ctx, tx, sc, id, true); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		var names []string
		if err := q.Select(ctx, &names, `SELECT filename FROM attachments WHERE tenant_id = ? AND record_type = ? AND record_id = ? AND id = ?`,
			q.Tenant, f.DocType, id, attachmentID); err != nil {
			return err
		}
		if len(names) == 0 {
			return errs.NotFound("not_found")
		}
		if _, err := q.Exec(ctx, `DELETE FROM attachments WHERE tenant_id = ? AND id = ?`, q.Tenant, attachmentID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, f.DocType+".detach", f.DocType, id, audit.Change{Field: "attachment", Before: names[0]})
	})
}

// Files are a record type's attachments: viewing needs <module>.view,
// changing <module>.edit, and the record in the caller's scope.
func (s *Service) Files(t *Type) DocFiles {
	m := s.meta(t)
	return DocFiles{DB: s.db, DocType: m.key(), Allow: func(ctx context.Context, q db.Querier, sc tenant.Scope, id int64, edit bool) error {
		a := tenant.View
		if edit {
			a = tenant.Edit
		}
		if err := allow(sc, t, a); err != nil {
			return err
		}
		_, err := s.load(ctx, q, sc, m, id, edit)
		return err
	}}
}

// Attach stores a file on a record the caller may edit.
func (s *Service) Attach(ctx context.Context, sc tenant.Scope, t *Type, id int64, filename, contentType string, data []byte) (Attachment, error) {
	return s.Files(t).Attach(ctx, sc, id, filename, contentType, data)
}

// Attachments lists a visible record's files (<module>.view).
func (s *Service) Attachments(ctx context.Context, sc tenant.Scope, t *Type, id int64) ([]Attachment, error) {
	return s.Files(t).List(ctx, sc, id)
}

// AttachmentData reads one file of a visible record (<module>.view).
func (s *Service) AttachmentData(ctx context.Context, sc tenant.Scope, t *Type, id, attachmentID int64) (Attachment, []byte, error) {
	return s.Files(t).Data(ctx, sc, id, attachmentID)
}

// DeleteAttachment removes a file from a record the caller may edit.
func (s *Service) DeleteAttachment(ctx context.Context, sc tenant.Scope, t *Type, id, attachmentID int64) error {
	return s.Files(t).Delete(ctx, sc, id, attachmentID)
}

// cleanFilename keeps the base name of an upload, without control
// characters, at most 200 characters.
func cleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == "" {
		name = "file"
	}
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	return name
}
