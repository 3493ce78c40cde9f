package recordio

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// uploadTTL is how long the import page keeps a file between its steps.
const uploadTTL = 24 * time.Hour

// stash keeps an uploaded file for the next steps of the import page (the
// mapping may change and the dry run repeat before the commit). Files of
// the tenant older than uploadTTL go at the same time.
func (s *Service) stash(ctx context.Context, sc tenant.Scope, t *records.Type, up Upload) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `DELETE FROM import_uploads WHERE tenant_id = ? AND created_at < ?`,
			q.Tenant, db.Now().Add(-uploadTTL)); err != nil {
			return err
		}
		var err error
		id, err = db.Insert(ctx, q, `INSERT INTO import_uploads (tenant_id, user_id, record_type, filename, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, q.Tenant, sc.Actor(), t.Key, up.Filename, up.Data, db.Now())
		return err
	})
	return id, err
}

// stashed reads back a file sc uploaded for t.
func (s *Service) stashed(ctx context.Context, sc tenant.Scope, t *records.Type, id int64) (Upload, error) {
	var rows []struct {
		Filename string `db:"filename"`
		Data     []byte `db:"data"`
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	if err := q.Select(ctx, &rows, `SELECT filename, data FROM import_uploads WHERE tenant_id = ? AND id = ? AND user_id = ?
		AND record_type = ?`, q.Tenant, id, sc.Actor(), t.Key); err != nil {
		return Upload{}, err
	}
	if len(rows) == 0 {
		return Upload{}, errs.NotFound("recordio.upload_gone")
	}
	return Upload{Filename: rows[0].Filename, Data: rows[0].Data}, nil
}

// dropStash forgets a file once its import committed.
func (s *Service) dropStash(ctx context.Context, sc tenant.Scope, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := db.Tenant(tx, sc.Tenant()).Exec(ctx, `DELETE FROM import_uploads WHERE tenant_id = ? AND id = ? AND user_id = ?`,
			sc.Tenant(), id, sc.Actor())
		return err
	})
}
