package approval_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// SubmitTx and DecideTx answer the request as they wrote it, without
// reading it back: the answer must equal the stored row.
func TestRequestAnswersAsStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newWorld(t, d)
		x.rule(t, approval.Rule{DocType: "purchase_order", Name: "两级", Sort: 1,
			Conditions: []approval.Condition{{Field: "amount", Op: "gt", Value: "0"}},
			Levels:     []approval.Level{{Role: "manager"}, {Role: "finance"}}})
		same := func(step string, got approval.Request) {
			t.Helper()
			var want approval.Request
			if err := db.Tenant(d.Read(), x.admin.Tenant()).Get(x.ctx, &want, `SELECT id, doc_type, doc_id, title, rule_id, status,
				level, levels, requested_by, created_at, decided_at, version FROM approval_requests WHERE tenant_id = ? AND id = ?`,
				x.admin.Tenant(), got.ID); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if !got.CreatedAt.Equal(want.CreatedAt) || (got.DecidedAt == nil) != (want.DecidedAt == nil) ||
				(got.DecidedAt != nil && !got.DecidedAt.Equal(*want.DecidedAt)) {
				t.Fatalf("%s: times %v %v, stored %v %v", step, got.CreatedAt, got.DecidedAt, want.CreatedAt, want.DecidedAt)
			}
			got.CreatedAt, want.CreatedAt, got.DecidedAt, want.DecidedAt = time.Time{}, time.Time{}, nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s answered\n%+v\nstored\n%+v", step, got, want)
			}
		}
		doc := approval.Doc{Type: "purchase_order", ID: 7, Title: " PO202612-00007 ", Fields: map[string]any{"amount": "10"}}
		r, err := x.submit(t, x.me, doc)
		if err != nil || r.Status != approval.Pending {
			t.Fatalf("submit: %+v %v", r, err)
		}
		same("submit", r)
		if r, err = x.decide(x.mgr1, 7, true, "同意"); err != nil || r.Level != 2 {
			t.Fatalf("level 1: %+v %v", r, err)
		}
		same("level 1", r)
		if r, err = x.decide(x.fin, 7, true, ""); err != nil || r.Status != approval.Approved {
			t.Fatalf("level 2: %+v %v", r, err)
		}
		same("level 2", r)
	}, approval.MigrationSet())
}
