// Package audit writes the append-only audit trail. Record is called inside
// the business transaction, so a change and its audit row commit together.
// There is no update or delete here, and the database refuses both
// (migration 0002).
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Change is one field's before and after value.
type Change struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Event is one audit row before it is written.
type Event struct {
	TenantID   int64
	ActorID    int64 // 0 when nobody is signed in (a failed login)
	ActorName  string
	IP, Client string
	Action     string // e.g. "user.create", "auth.login_failed", "role.permissions"
	RecordType string
	RecordID   int64
	Changes    []Change
}

// Record writes an event for the scope's actor.
func Record(ctx context.Context, q db.Querier, sc tenant.Scope, action, recordType string, recordID int64, changes ...Change) error {
	return Write(ctx, q, Event{
		TenantID: sc.Tenant(), ActorID: sc.Actor(), ActorName: sc.ActorName(), IP: sc.IP(), Client: sc.Client(),
		Action: action, RecordType: recordType, RecordID: recordID, Changes: changes,
	})
}

// Write stores an event that has no scope (login attempts, system jobs).
func Write(ctx context.Context, q db.Querier, e Event) error {
	args, err := e.args(db.Now())
	if err != nil {
		return err
	}
	if _, err := db.Tenant(q, e.TenantID).Exec(ctx, insertSQL+" VALUES "+rowSQL, args...); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

const (
	insertSQL = `INSERT INTO audit_log
		(tenant_id, at, actor_id, actor_name, ip, client, action, record_type, record_id, changes)`
	rowSQL = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

// args are the event's insert arguments, in rowSQL's order.
func (e Event) args(at time.Time) ([]any, error) {
	changes := ""
	if len(e.Changes) > 0 {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		changes = string(b)
	}
	var actor, record any
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	if e.RecordID != 0 {
		record = e.RecordID
	}
	return []any{e.TenantID, at, actor, e.ActorName, e.IP, e.Client, e.Action, e.RecordType, record, changes}, nil
}

// Diff compares two values of the same struct type field by field, using the
// json tag as the field name. Fields tagged `audit:"-"` (hashes, secrets,
// version counters) are skipped. before may be the zero value for a create.
func Diff(before, after any) []Change {
	bv, av := reflect.Indirect(reflect.ValueOf(before)), reflect.Indirect(reflect.ValueOf(after))
	if bv.Type() != av.Type() || av.Kind() != reflect.Struct {
		panic("audit: Diff needs two structs of one type")
	}
	var out []Change
	for i := 0; i < av.NumField(); i++ {
		f := av.Type().Field(i)
		if !f.IsExported() || f.Tag.Get("audit") == "-" {
			continue
		}
		name := f.Tag.Get("json")
		if name == "" || name == "-" {
			continue
		}
		if n, _, ok := cutComma(name); ok {
			name = n
		}
		b, a := bv.Field(i).Interface(), av.Field(i).Interface()
		if !reflect.DeepEqual(b, a) {
			out = append(out, Change{Field: name, Before: b, After: a})
		}
	}
	return out
}

func cutComma(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
