package numbering

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

var defaults = []Sequence{
	{"sales.order", "SO{yyyy}{mm}-{seq:5}", ResetMonthly},
	{"finance.invoice", "INV{yyyy}-{seq:4}", ResetYearly},
	{"crm.customer", "C{seq:3}", ResetNever},
	{"stock.move", "MV{yy}{mm}{dd}{seq:2}", ResetDaily},
}

func newTenant(t *testing.T, d *db.DB, code string) int64 {
	t.Helper()
	var id int64
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = db.Insert(context.Background(), tx, `INSERT INTO tenants (code, name, status, created_at, updated_at)
			VALUES (?, ?, 'active', ?, ?)`, code, "Tenant "+code, db.Now(), db.Now())
		return err
	})
	if err != nil {
		t.Fatalf("create tenant %s: %v", code, err)
	}
	return id
}

// next issues one number in its own committed transaction.
func next(t *testing.T, d *db.DB, s *Service, tenantID int64, docType string, at time.Time) string {
	t.Helper()
	var got string
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		got, err = s.Next(context.Background(), tx, tenantID, docType, at)
		return err
	})
	if err != nil {
		t.Fatalf("Next(%s, %v): %v", docType, at, err)
	}
	return got
}

func TestNextResets(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := New(defaults...)
		tid := newTenant(t, d, "acme")
		steps := []struct {
			doc  string
			at   time.Time
			want string
		}{
			{"sales.order", cst(2026, 11, 1, 9, 0), "SO202611-00001"},
			{"sales.order", cst(2026, 11, 30, 23, 59), "SO202611-00002"},
			{"sales.order", cst(2026, 12, 1, 0, 0), "SO202612-00001"}, // monthly: new month restarts
			{"sales.order", cst(2026, 12, 2, 0, 0), "SO202612-00002"},
			{"finance.invoice", cst(2026, 11, 30, 12, 0), "INV2026-0001"},
			{"finance.invoice", cst(2026, 12, 1, 12, 0), "INV2026-0002"}, // yearly: month change keeps counting
			{"finance.invoice", cst(2027, 1, 1, 0, 0), "INV2027-0001"},   // … and the year change restarts
			{"crm.customer", cst(2026, 12, 31, 23, 0), "C001"},
			{"crm.customer", cst(2027, 1, 1, 1, 0), "C002"}, // never resets
			{"stock.move", cst(2026, 11, 30, 23, 59), "MV26113001"},
			{"stock.move", cst(2026, 11, 30, 23, 59), "MV26113002"},
			{"stock.move", cst(2026, 12, 1, 0, 1), "MV26120101"},
			// Back in an old month, its own counter continues.
			{"sales.order", cst(2026, 11, 30, 8, 0), "SO202611-00003"},
		}
		for _, st := range steps {
			if got := next(t, d, s, tid, st.doc, st.at); got != st.want {
				t.Errorf("Next(%s, %v) = %s, want %s", st.doc, st.at, got, st.want)
			}
		}
	})
}

func TestConfigure(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(defaults...)
		tid := newTenant(t, d, "acme")
		nov := cst(2026, 11, 5, 10, 0)
		if got := next(t, d, s, tid, "sales.order", nov); got != "SO202611-00001" {
			t.Fatalf("default pattern: got %s", got)
		}
		own := Sequence{"sales.order", "销{yy}{mm}/{seq:3}", ResetMonthly}
		if err := s.Configure(ctx, d.Read(), tid, own); err != nil {
			t.Fatal(err)
		}
		// Same period key, so the counter carries on under the new pattern.
		if got := next(t, d, s, tid, "sales.order", nov); got != "销2611/002" {
			t.Errorf("configured pattern: got %s, want 销2611/002", got)
		}
		// Configure again replaces (upsert), it does not add a row.
		own.Pattern = "S{yyyy}{mm}{seq:4}"
		if err := s.Configure(ctx, d.Read(), tid, own); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Get(ctx, d.Read(), tid, "sales.order"); err != nil || got != own {
			t.Errorf("Get = %+v, %v; want %+v", got, err, own)
		}
		// A doc type no module knows is still numbered once a tenant configures it.
		extra := Sequence{"custom.ticket", "T{seq:4}", ResetNever}
		if err := s.Configure(ctx, d.Read(), tid, extra); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, d.Read(), tid)
		if err != nil {
			t.Fatal(err)
		}
		want := []Sequence{defaults[2], extra, defaults[1], own, defaults[3]}
		if fmt.Sprint(list) != fmt.Sprint(want) {
			t.Errorf("List =\n %v\nwant\n %v", list, want)
		}
		if got := next(t, d, s, tid, "custom.ticket", nov); got != "T0001" {
			t.Errorf("custom doc type: got %s", got)
		}

		// Invalid input is refused and nothing changes.
		err = s.Configure(ctx, d.Read(), tid, Sequence{"sales.order", "SO-{seq:4}", ResetMonthly})
		assertField(t, err, "pattern", "numbering.reset_needs_date")
		err = s.Configure(ctx, d.Read(), tid, Sequence{"sales.order", "SO-{sq:4}", ResetNever})
		assertField(t, err, "pattern", "numbering.bad_pattern")
		if got, _ := s.Get(ctx, d.Read(), tid, "sales.order"); got != own {
			t.Errorf("after rejected Configure, Get = %+v, want %+v", got, own)
		}
	})
}

func TestUnknownDocType(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(defaults...)
		tid := newTenant(t, d, "acme")
		if _, err := s.Get(ctx, d.Read(), tid, "nope"); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("Get unknown: %v, want NotFound", err)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := s.Next(ctx, tx, tid, "nope", time.Now())
			return err
		})
		if e, ok := errs.As(err); !ok || e.Code != "numbering.unknown_doc_type" {
			t.Errorf("Next unknown: %v, want numbering.unknown_doc_type", err)
		}
	})
}

func TestRollbackLeavesNoGap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(defaults...)
		tid := newTenant(t, d, "acme")
		at := cst(2026, 11, 5, 10, 0)
		boom := errors.New("save failed")
		var lost string
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			if lost, err = s.Next(ctx, tx, tid, "sales.order", at); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || lost != "SO202611-00001" {
			t.Fatalf("rolled-back tx: number %q, err %v", lost, err)
		}
		if got := next(t, d, s, tid, "sales.order", at); got != "SO202611-00001" {
			t.Errorf("after rollback got %s, want the same SO202611-00001 again", got)
		}
		if got := next(t, d, s, tid, "sales.order", at); got != "SO202611-00002" {
			t.Errorf("second committed number %s, want SO202611-00002", got)
		}
	})
}

func TestTenantsCountSeparately(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(defaults...)
		a, b := newTenant(t, d, "a"), newTenant(t, d, "b")
		at := cst(2026, 11, 5, 10, 0)
		for i := 1; i <= 3; i++ {
			if got, want := next(t, d, s, a, "crm.customer", at), fmt.Sprintf("C%03d", i); got != want {
				t.Errorf("tenant a: %s, want %s", got, want)
			}
		}
		if got := next(t, d, s, b, "crm.customer", at); got != "C001" {
			t.Errorf("tenant b starts at %s, want C001", got)
		}
		// One tenant's configuration is invisible to another.
		if err := s.Configure(ctx, d.Read(), a, Sequence{"crm.customer", "A{seq:2}", ResetNever}); err != nil {
			t.Fatal(err)
		}
		if got := next(t, d, s, b, "crm.customer", at); got != "C002" {
			t.Errorf("tenant b after a configured: %s, want C002", got)
		}
		if got := next(t, d, s, a, "crm.customer", at); got != "A04" {
			t.Errorf("tenant a after configure: %s, want A04", got)
		}
	})
}

// TestConcurrentNext runs 50 transactions at once; each holds its number a
// little before committing, so a counter read outside the lock would repeat.
func TestConcurrentNext(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(Sequence{"sales.order", "SO-{seq:4}", ResetNever})
		tid := newTenant(t, d, "acme")
		const n = 50
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			got   []string
			start = make(chan struct{})
		)
		errc := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var num string
				err := d.InTx(ctx, func(tx *db.Tx) error {
					var err error
					num, err = s.Next(ctx, tx, tid, "sales.order", time.Now())
					time.Sleep(2 * time.Millisecond)
					return err
				})
				if err != nil {
					errc <- err
					return
				}
				mu.Lock()
				got = append(got, num)
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Errorf("Next: %v", err)
		}
		sort.Strings(got)
		if len(got) != n {
			t.Fatalf("got %d numbers, want %d", len(got), n)
		}
		for i, num := range got {
			if want := fmt.Sprintf("SO-%04d", i+1); num != want {
				t.Fatalf("sorted numbers[%d] = %s, want %s (all: %v)", i, num, want, got)
			}
		}
	})
}
