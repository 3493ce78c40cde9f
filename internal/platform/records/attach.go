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

// Attach stores a file on a record the caller may edit (<module>.edit and
// the record in the caller's scope). Field errors on "file": empty, or over
// MaxAttachment.
func (s *Service) Attach(ctx context.Context, sc tenant.Scope, t *Type, id int64, filename, contentType string, data []byte) (Attachment, error) {
	if err := allow(sc, t, tenant.Edit); err != nil {
		return Attachment{}, err
	}
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
	m := s.meta(t)
	var out Attachment
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.load(ctx, tx, sc, m, id, true); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		now := db.Now()
		aid, err := db.Insert(ctx, q, `INSERT INTO attachments (tenant_id, record_type, record_id, filename, content_type, size, data,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			q.Tenant, m.key(), id, name, contentType, len(data), data, db.NullID(sc.Actor()), now)
		if err != nil {
			return err
		}
		out = Attachment{ID: aid, RecordType: m.key(), RecordID: id, Filename: name, ContentType: contentType,
			Size: int64(len(data)), CreatedBy: sc.Actor(), CreatedAt: now}
		return audit.Record(ctx, tx, sc, m.key()+".attach", m.key(), id, audit.Change{Field: "attachment", After: name})
	})
	return out, err
}

// Attachments lists a visible record's files (<module>.view).
func (s *Service) Attachments(ctx context.Context, sc tenant.Scope, t *Type, id int64) ([]Attachment, error) {
	if err := allow(sc, t, tenant.View); err != nil {
		return nil, err
	}
	m := s.meta(t)
	q := s.db.Read()
	if _, err := s.load(ctx, q, sc, m, id, false); err != nil {
		return nil, err
	}
	out := []Attachment{}
	err := db.Tenant(q, sc.Tenant()).Select(ctx, &out, `SELECT `+attachCols+` FROM attachments
		WHERE tenant_id = ? AND record_type = ? AND record_id = ? ORDER BY id`, sc.Tenant(), m.key(), id)
	return out, err
}

// AttachmentData reads one file of a visible record (<module>.view).
func (s *Service) AttachmentData(ctx context.Context, sc tenant.Scope, t *Type, id, attachmentID int64) (Attachment, []byte, error) {
	if err := allow(sc, t, tenant.View); err != nil {
		return Attachment{}, nil, err
	}
	m := s.meta(t)
	q := s.db.Read()
	if _, err := s.load(ctx, q, sc, m, id, false); err != nil {
		return Attachment{}, nil, err
	}
	var row struct {
		Attachment
		Data []byte `db:"data"`
	}
	err := db.Tenant(q, sc.Tenant()).Get(ctx, &row, `SELECT `+attachCols+`, data FROM attachments
		WHERE tenant_id = ? AND record_type = ? AND record_id = ? AND id = ?`, sc.Tenant(), m.key(), id, attachmentID)
	if db.IsNoRows(err) {
		return Attachment{}, nil, errs.NotFound("not_found")
	}
	return row.Attachment, row.Data, err
}

// DeleteAttachment removes a file from a record the caller may edit.
func (s *Service) DeleteAttachment(ctx context.Context, sc tenant.Scope, t *Type, id, attachmentID int64) error {
	if err := allow(sc, t, tenant.Edit); err != nil {
		return err
	}
	m := s.meta(t)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.load(ctx, tx, sc, m, id, true); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		var names []string
		if err := q.Select(ctx, &names, `SELECT filename FROM attachments WHERE tenant_id = ? AND record_type = ? AND record_id = ? AND id = ?`,
			q.Tenant, m.key(), id, attachmentID); err != nil {
			return err
		}
		if len(names) == 0 {
			return errs.NotFound("not_found")
		}
		if _, err := q.Exec(ctx, `DELETE FROM attachments WHERE tenant_id = ? AND id = ?`, q.Tenant, attachmentID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, m.key()+".detach", m.key(), id, audit.Change{Field: "attachment", Before: names[0]})
	})
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
