package audit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Module is the permission module of the audit log.
const Module = "audit"

// Entry is a stored audit row.
type Entry struct {
	ID         int64     `db:"id" json:"id"`
	At         time.Time `db:"at" json:"at"`
	ActorID    *int64    `db:"actor_id" json:"actor_id"`
	ActorName  string    `db:"actor_name" json:"actor_name"`
	IP         string    `db:"ip" json:"ip"`
	Client     string    `db:"client" json:"client"`
	Action     string    `db:"action" json:"action"`
	RecordType string    `db:"record_type" json:"record_type"`
	RecordID   *int64    `db:"record_id" json:"record_id"`
	RawChanges string    `db:"changes" json:"-"`
	Changes    []Change  `db:"-" json:"changes"`
}

// Filter narrows a search. Zero fields do not filter.
type Filter struct {
	ActorID    int64
	Action     string
	RecordType string
	RecordID   int64
	From, To   time.Time
	// BeforeID is the keyset cursor: entries with a smaller id (newest first).
	BeforeID int64
	Limit    int
	// Sensitive fields are shown masked to callers without their permission:
	// the trail keeps the real value, the reader sees what the record would show.
	Sensitive []Sensitive
}

// Sensitive names a field whose before/after values need a permission.
type Sensitive struct {
	RecordType, Field string
	Perm              tenant.Perm
	Mask              func(string) string
}

func maskChanges(sc tenant.Scope, rules []Sensitive, e *Entry) {
	for _, r := range rules {
		if r.RecordType != e.RecordType || sc.Can(r.Perm) {
			continue
		}
		for j := range e.Changes {
			if e.Changes[j].Field != r.Field {
				continue
			}
			for _, v := range []*any{&e.Changes[j].Before, &e.Changes[j].After} {
				if s, ok := (*v).(string); ok {
					*v = r.Mask(s)
				}
			}
		}
	}
}

// Search lists the tenant's audit entries, newest first. It needs audit.view.
func Search(ctx context.Context, q db.Querier, sc tenant.Scope, f Filter) ([]Entry, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	sql := `SELECT id, at, actor_id, actor_name, ip, client, action, record_type, record_id, changes
		FROM audit_log WHERE tenant_id = ?`
	args := []any{sc.Tenant()}
	if f.ActorID != 0 {
		sql += ` AND actor_id = ?`
		args = append(args, f.ActorID)
	}
	if f.Action != "" {
		sql += ` AND action = ?`
		args = append(args, f.Action)
	}
	if f.RecordType != "" {
		sql += ` AND record_type = ?`
		args = append(args, f.RecordType)
	}
	if f.RecordID != 0 {
		sql += ` AND record_id = ?`
		args = append(args, f.RecordID)
	}
	if !f.From.IsZero() {
		sql += ` AND at >= ?`
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		sql += ` AND at < ?`
		args = append(args, f.To.UTC())
	}
	if f.BeforeID != 0 {
		sql += ` AND id < ?`
		args = append(args, f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 50
	}
	sql += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	var out []Entry
	if err := db.Tenant(q, sc.Tenant()).Select(ctx, &out, sql, args...); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].RawChanges != "" {
			_ = json.Unmarshal([]byte(out[i].RawChanges), &out[i].Changes)
		}
		if out[i].Changes == nil {
			out[i].Changes = []Change{}
		}
		maskChanges(sc, f.Sensitive, &out[i])
	}
	return out, nil
}
