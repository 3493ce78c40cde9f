// Package notify is the platform's in-app notifications: a business
// transaction sends a note (a catalog key with params and a link) to
// users with SendTx, so a note exists exactly when its change committed;
// readers see it in their own language, rendered when read, and mark it
// read. Marking read is the reader's own bookkeeping, not business data,
// and is not audited.
package notify

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Note is what a module sends. A param whose name ends in "Key" is a
// catalog key itself ("DocKey": "purchasing.order"), translated for the
// reader and passed under the name without the suffix ("Doc").
type Note struct {
	Key    string
	Params map[string]any
	Href   string // a local path ("/approvals"), or ""
}

// Notification is one note of one user.
type Notification struct {
	ID        int64          `db:"id" json:"id"`
	Key       string         `db:"key" json:"key"`
	Params    map[string]any `db:"-" json:"params"`
	Href      string         `db:"href" json:"href"`
	CreatedAt time.Time      `db:"created_at" json:"created_at"`
	ReadAt    *time.Time     `db:"read_at" json:"read_at,omitempty"`
	RawParams string         `db:"params" json:"-"`
}

// Service keeps notifications.
type Service struct {
	db  *db.DB
	cat *i18n.Catalog
}

// New builds the service; cat renders notes.
func New(d *db.DB, cat *i18n.Catalog) *Service { return &Service{db: d, cat: cat} }

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationSet is the notifications table.
func MigrationSet() db.MigrationSet {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.MigrationSet{Module: "notify", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are the notification pages' messages.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}

// SendTx gives n to each of users inside the caller's transaction. Ids
// that are not users of sc's tenant are dropped (a note never crosses
// tenants); duplicates get one note.
func (s *Service) SendTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, users []int64, n Note) error {
	users = slices.Compact(slices.Sorted(slices.Values(users)))
	if len(users) == 0 || n.Key == "" {
		return nil
	}
	if n.Href != "" && (!strings.HasPrefix(n.Href, "/") || strings.HasPrefix(n.Href, "//")) {
		n.Href = "" // only local links: a note is shown as a link to its reader
	}
	params := []byte("{}")
	if len(n.Params) > 0 {
		var err error
		if params, err = json.Marshal(n.Params); err != nil {
			return err
		}
	}
	q := db.Tenant(tx, sc.Tenant())
	args := []any{string(params), n.Key, n.Href, db.Now(), q.Tenant}
	for _, u := range users {
		args = append(args, u)
	}
	_, err := q.Exec(ctx, `INSERT INTO notifications (tenant_id, user_id, params, key, href, created_at)
		SELECT tenant_id, id, ?, ?, ?, ? FROM users WHERE tenant_id = ? AND id IN (`+db.Placeholders(len(users))+`)`, args...)
	return err
}

const cols = `id, key, params, href, created_at, read_at`

func (s *Service) list(ctx context.Context, sc tenant.Scope, cond string, limit int) ([]Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	var out []Notification
	q := db.Tenant(s.db.Read(), sc.Tenant())
	if err := q.Select(ctx, &out, `SELECT `+cols+` FROM notifications WHERE tenant_id = ? AND user_id = ?`+cond+
		` ORDER BY id DESC LIMIT ?`, q.Tenant, sc.Actor(), limit); err != nil {
		return nil, err
	}
	for i := range out {
		_ = json.Unmarshal([]byte(out[i].RawParams), &out[i].Params)
	}
	if out == nil {
		out = []Notification{}
	}
	return out, nil
}

// Unread are the caller's unread notifications, newest first.
func (s *Service) Unread(ctx context.Context, sc tenant.Scope, limit int) ([]Notification, error) {
	return s.list(ctx, sc, ` AND read_at IS NULL`, limit)
}

// Recent are the caller's notifications, read or not, newest first.
func (s *Service) Recent(ctx context.Context, sc tenant.Scope, limit int) ([]Notification, error) {
	return s.list(ctx, sc, ``, limit)
}

// MarkRead marks one of the caller's notifications read; anyone else's is
// not found. Marking a read one again changes nothing.
func (s *Service) MarkRead(ctx context.Context, sc tenant.Scope, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		var n int
		if err := q.Get(ctx, &n, `SELECT count(*) FROM notifications WHERE tenant_id = ? AND user_id = ? AND id = ?`,
			q.Tenant, sc.Actor(), id); err != nil {
			return err
		}
		if n == 0 {
			return errs.NotFound("not_found")
		}
		_, err := q.Exec(ctx, `UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND user_id = ? AND id = ? AND read_at IS NULL`,
			db.Now(), q.Tenant, sc.Actor(), id)
		return err
	})
}

// MarkAllRead marks every unread notification of the caller read and
// says how many there were.
func (s *Service) MarkAllRead(ctx context.Context, sc tenant.Scope) (int, error) {
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		res, err := q.Exec(ctx, `UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL`,
			db.Now(), q.Tenant, sc.Actor())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// Text renders a notification in lang: its key with its params, "…Key"
// params translated first.
func (s *Service) Text(lang string, n Notification) string {
	data := map[string]any{}
	for k, v := range n.Params {
		if name, ok := strings.CutSuffix(k, "Key"); ok && name != "" {
			if key, isStr := v.(string); isStr {
				data[name] = s.cat.T(lang, key, nil)
				continue
			}
		}
		data[k] = v
	}
	return s.cat.T(lang, n.Key, data)
}
