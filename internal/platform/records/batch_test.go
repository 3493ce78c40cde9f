package records_test

import (
	"context"
	"errors"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Inside a Batch, new rows wait in a buffer on SQLite (and are written at
// once on PostgreSQL); either way a row of the batch is already there for
// the rows after it: its code is taken, its name warns as a duplicate, it
// can be updated, a Check hook that queries finds it. Ids of deleted
// records are not given again, and every row has its audit entry.
func TestBatchRowsAreThereForTheRowsAfterThem(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		gone, err := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "已删除客户", "code": "Z9"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Delete(ctx, w.admin, w.customers, gone.ID, gone.Version); err != nil {
			t.Fatal(err)
		}
		var seen int // what the Check hook counted of the same name
		w.customers.Hooks.Check = func(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, _ *records.Record) error {
			if r.String("name") == "查询钩子" {
				return db.Tenant(q, sc.Tenant()).Get(ctx, &seen, `SELECT count(*) FROM rt_customers WHERE tenant_id = ? AND name = ?`,
					sc.Tenant(), "批量甲")
			}
			return nil
		}
		defer func() { w.customers.Hooks.Check = nil }()

		var first, dup, renamed records.Record
		var taken error
		err = w.d.InTx(ctx, func(tx *db.Tx) error {
			return w.svc.Batch(ctx, tx, func(ctx context.Context) error {
				var err error
				if first, err = w.svc.CreateTx(ctx, tx, w.admin, w.customers, records.Input{"name": "批量甲", "code": "D1", "phone": "13900001111"}); err != nil {
					return err
				}
				_, taken = w.svc.CreateTx(ctx, tx, w.admin, w.customers, records.Input{"name": "批量乙", "code": "D1"})
				if dup, err = w.svc.CreateTx(ctx, tx, w.admin, w.customers, records.Input{"name": "批量丙", "code": "D2", "phone": "139-0000-1111"}); err != nil {
					return err
				}
				if _, err = w.svc.CreateTx(ctx, tx, w.admin, w.customers, records.Input{"name": "查询钩子", "code": "D3"}); err != nil {
					return err
				}
				renamed, err = w.svc.UpdateTx(ctx, tx, w.admin, w.customers, first.ID, first.Version, records.Input{"name": "批量甲改"})
				if err != nil {
					return err
				}
				// Found by code and referred to while still buffered.
				found, ok, err := w.svc.FindBy(ctx, tx, w.admin, w.customers, "code", "D2")
				if err != nil || !ok || found.ID != dup.ID {
					t.Errorf("FindBy of a row of the batch: %v %v %+v", ok, err, found)
				}
				_, err = w.svc.CreateTx(ctx, tx, w.admin, w.contac, records.Input{"customer_id": dup.ID, "name": "批量联系人"})
				return err
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if e, ok := errs.As(taken); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "code" || e.Fields[0].Code != "field.taken" {
			t.Errorf("a code taken earlier in the batch: %v", taken)
		}
		if first.ID <= gone.ID {
			t.Errorf("new id %d reuses a deleted record's id (%d)", first.ID, gone.ID)
		}
		if len(dup.Warnings) != 1 || dup.Warnings[0].Code != "records.duplicate" || dup.Warnings[0].Data["ID"] != first.ID ||
			dup.Warnings[0].Data["Name"] != "批量甲" {
			t.Errorf("the same phone as an earlier row of the batch: warnings %+v", dup.Warnings)
		}
		if seen != 1 {
			t.Errorf("a Check hook's query found %d rows of the batch, want 1", seen)
		}
		if renamed.Version != 2 || renamed.Values["name"] != "批量甲改" {
			t.Errorf("update of a row of the batch: %+v", renamed)
		}
		got, err := w.svc.Get(ctx, w.admin, w.customers, first.ID)
		if err != nil || got.Values["name"] != "批量甲改" || got.Values["phone"] != "13900001111" {
			t.Errorf("after the batch: %+v %v", got.Values, err)
		}
		if hits, _ := w.svc.Search(ctx, w.admin, w.customers, "plb", 10); len(hits) != 1 || hits[0].ID != dup.ID {
			t.Errorf("search by initials after the batch: %+v", hits)
		}
		var creates int
		_ = db.Tenant(w.d.Read(), w.tenant).Get(ctx, &creates, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'rt_customers.create'
			AND record_id >= ?`, w.tenant, first.ID)
		if creates != 3 {
			t.Errorf("%d create audit rows for the 3 rows of the batch", creates)
		}
	})
}

// A dry run's batch warns about duplicates inside the batch exactly as the
// commit does, and leaves nothing behind.
func TestBatchDryRunWarnsLikeTheCommit(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		errDry := errors.New("roll back the dry run")
		run := func(ctx context.Context, dry bool) (warned int, err error) {
			err = w.d.InTx(ctx, func(tx *db.Tx) error {
				return w.svc.Batch(ctx, tx, func(ctx context.Context) error {
					for i, name := range []string{"同名公司", "同名公司", "别的公司", "同名公司"} {
						r, err := w.svc.CreateTx(ctx, tx, w.admin, w.customers, records.Input{"name": name, "code": "W" + itoa(int64(i))})
						if err != nil {
							return err
						}
						warned += len(r.Warnings)
					}
					if dry {
						return errDry
					}
					return nil
				})
			})
			if errors.Is(err, errDry) {
				err = nil
			}
			return warned, err
		}
		dry, err := run(records.DryRun(context.Background()), true)
		if err != nil || count(t, w, "rt_customers") != 0 || count(t, w, "record_keys") != 0 {
			t.Fatalf("dry run: %v, %d rows left", err, count(t, w, "rt_customers"))
		}
		committed, err := run(context.Background(), false)
		if err != nil || dry != 2 || committed != 2 {
			t.Errorf("duplicate warnings: dry run %d, commit %d, want 2 and 2 (%v)", dry, committed, err)
		}
	})
}
