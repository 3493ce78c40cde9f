package list_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

var spec = list.Spec{
	Sorts:       map[string]string{"id": "i.id", "name": "i.name", "created_at": "i.created_at"},
	DefaultSort: "-id",
	Filters:     map[string]string{"kind": "i.kind"},
	Search:      []string{"i.name", "i.note"},
	ID:          "i.id",
}

func fieldCode(err error) string {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 1 {
		return fmt.Sprintf("%v", err)
	}
	return e.Fields[0].Field + "=" + e.Fields[0].Code
}

func TestBuildRefusesWhatTheSpecDoesNotDeclare(t *testing.T) {
	for _, c := range []struct {
		q    list.Query
		want string
	}{
		{list.Query{Limit: 201}, "limit=list.limit_max"},
		{list.Query{Sort: "password_hash"}, "sort=field.invalid"},
		{list.Query{Sort: "-note"}, "sort=field.invalid"},
		{list.Query{Filters: map[string]string{"tenant_id": "2"}}, "tenant_id=field.invalid"},
		{list.Query{Cursor: "%%%"}, "cursor=field.invalid"},
		{list.Query{Cursor: "bm90IGpzb24"}, "cursor=field.invalid"}, // "not json"
	} {
		if _, err := spec.Build(c.q, "LIKE"); fieldCode(err) != c.want {
			t.Errorf("Build(%+v): %v, want %s", c.q, err, c.want)
		}
	}
	// Empty filters are no filters; a declared one binds its value.
	b, err := spec.Build(list.Query{Filters: map[string]string{"kind": "", "tenant_id": ""}}, "LIKE")
	if err != nil || strings.Contains(b.Where, "kind") {
		t.Errorf("empty filters: %q %v", b.Where, err)
	}
}

func TestBuildDefaultsAndPages(t *testing.T) {
	b, err := spec.Build(list.Query{}, "LIKE")
	if err != nil {
		t.Fatal(err)
	}
	if b.Limit != 50 || b.PageNum != 1 || !b.Desc || b.SortCol != "i.id" || b.Order != " ORDER BY i.id DESC LIMIT ?" {
		t.Errorf("defaults: %+v", b)
	}
	if last := b.Args[len(b.Args)-1]; last != 51 {
		t.Errorf("fetches %v rows, want limit+1 = 51 to know whether a next page exists", last)
	}
	b, _ = spec.Build(list.Query{Sort: "name", Limit: 20, Page: 3}, "LIKE")
	if b.Order != " ORDER BY i.name ASC, i.id ASC LIMIT ? OFFSET ?" || b.Args[len(b.Args)-1] != 40 {
		t.Errorf("page 3: %q %v", b.Order, b.Args)
	}
}

// items is a throwaway table joined to itself-like data, to run Build's
// SQL on both databases.
var items = db.MigrationSet{Module: "list_test", FS: fstest.MapFS{"0001_items.sql": {Data: []byte(`
CREATE TABLE items (id {{pk}}, tenant_id BIGINT NOT NULL, name TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, created_at {{ts}} NOT NULL);
CREATE TABLE kinds (id {{pk}}, tenant_id BIGINT NOT NULL, code TEXT NOT NULL);`)}}}

type item struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	Kind      string    `db:"kind"`
	CreatedAt time.Time `db:"created_at"`
}

// fetch runs one page; the join makes an unqualified "id" ambiguous, as in
// real list queries.
func fetch(t *testing.T, d *db.DB, q list.Query) ([]item, error) {
	b, err := spec.Build(q, db.ILike(d.Read()))
	if err != nil {
		return nil, err
	}
	var out []item
	err = d.Read().Select(context.Background(), &out, `SELECT i.id, i.name, i.kind, i.created_at FROM items i
		LEFT JOIN kinds k ON k.code = i.kind AND k.tenant_id = i.tenant_id WHERE i.tenant_id = 1`+b.Where+b.Order, b.Args...)
	if len(out) > b.Limit {
		out = out[:b.Limit]
	}
	return out, err
}

func sortValue(sort string, it item) any {
	switch strings.TrimPrefix(sort, "-") {
	case "name":
		return it.Name
	case "created_at":
		return it.CreatedAt
	}
	return it.ID
}

func TestKeysetAndSearchOnBothDatabases(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		base := time.Date(2026, 11, 22, 8, 30, 0, 0, time.UTC)
		names := []string{"甲", "乙", "甲", "50% off", "5000ff", "a_b", "axb", `back\slash`, "甲", "乙"}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO kinds (tenant_id, code) VALUES (1, 'x'), (1, 'y')`); err != nil {
				return err
			}
			for i, n := range names {
				// Some rows share a timestamp, so the id must break ties.
				at := base.Add(time.Duration(i/2) * 1500 * time.Microsecond)
				if _, err := tx.Exec(ctx, `INSERT INTO items (tenant_id, name, kind, created_at) VALUES (1, ?, ?, ?)`, n, []string{"x", "y"}[i%2], at); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, sort := range []string{"id", "-id", "name", "-name", "created_at", "-created_at"} {
			seen := map[int64]bool{}
			var prev *item
			q := list.Query{Sort: sort, Limit: 3}
			for pages := 0; ; pages++ {
				if pages > len(names) {
					t.Fatalf("sort %s: cursor loops", sort)
				}
				page, err := fetch(t, d, q)
				if err != nil {
					t.Fatalf("sort %s: %v", sort, err)
				}
				for _, it := range page {
					if seen[it.ID] {
						t.Errorf("sort %s: row %d twice", sort, it.ID)
					}
					seen[it.ID] = true
					if prev != nil && sort == "created_at" && it.CreatedAt.Before(prev.CreatedAt) {
						t.Errorf("sort %s: %v after %v", sort, it.CreatedAt, prev.CreatedAt)
					}
					it := it
					prev = &it
				}
				if len(page) < 3 {
					break
				}
				last := page[len(page)-1]
				q.Cursor = list.Cursor(sortValue(sort, last), last.ID)
			}
			if len(seen) != len(names) {
				t.Errorf("sort %s: saw %d of %d rows", sort, len(seen), len(names))
			}
		}
		for q, want := range map[string]int{"50%": 1, "a_b": 1, "_": 1, "%": 1, `\`: 1, "甲": 3, "A_B": 1, "nothing": 0} {
			got, err := fetch(t, d, list.Query{Q: q, Limit: 50})
			if err != nil || len(got) != want {
				t.Errorf("q=%q: %d rows (%v), want %d", q, len(got), err, want)
			}
		}
		if got, err := fetch(t, d, list.Query{Filters: map[string]string{"kind": "x"}}); err != nil || len(got) != 5 {
			t.Errorf("kind=x: %d rows (%v), want 5", len(got), err)
		}
	}, items)
}

func TestDecodeCursorRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 23, 8, 30, 0, 123000, time.UTC)
	for _, c := range []struct {
		v    any
		want any
	}{
		{"杭州", "杭州"}, {nil, nil}, {true, true}, {"123", "123"}, {at, at},
	} {
		v, id, err := list.DecodeCursor(list.Cursor(c.v, 42))
		if err != nil || id != 42 || v != c.want {
			t.Errorf("DecodeCursor(Cursor(%v)) = %v, %d, %v", c.v, v, id, err)
		}
	}
	if _, _, err := list.DecodeCursor("%%%"); err == nil {
		t.Error("a malformed cursor decodes")
	}
}
