package search

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

var update = flag.Bool("update", false, "rewrite testdata/migrations/0002_* from Index.SQL")

//go:embed testdata/migrations/*.sql
var testMigrations embed.FS

var testIndex = Index{Table: "search_test_items", Column: "search_text"}

func testSet(t testing.TB) db.MigrationSet {
	sub, err := fs.Sub(testMigrations, "testdata/migrations")
	if err != nil {
		t.Fatal(err)
	}
	return db.MigrationSet{Module: "search_test", FS: sub}
}

// The static migration files must be exactly what Index.SQL generates.
func TestIndexSQLMatchesMigrations(t *testing.T) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		path := fmt.Sprintf("testdata/migrations/0002_search_test_items_index.%s.sql", d)
		want := testIndex.SQL(d)
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s differs from Index.SQL(%s); run go test -run IndexSQL -update", path, d)
		}
	}
}

var (
	cities     = []string{"杭州", "上海", "北京", "重庆", "长沙", "厦门", "深圳", "广州", "苏州", "南京", "成都", "武汉"}
	industries = []string{"科技", "贸易", "机械", "电子", "食品", "服装", "建材", "物流", "化工", "医药", "银行"}
	suffixes   = []string{"有限公司", "股份有限公司"}
)

type item struct {
	ID     int64  `db:"id"`
	Tenant int64  `db:"tenant_id"`
	Name   string `db:"name"`
	Phone  string `db:"phone"`
	Text   string `db:"search_text"`
}

func insert(ctx context.Context, t testing.TB, d *db.DB, items []item) []item {
	t.Helper()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i := range items {
			it := &items[i]
			it.Text = Text(it.Name, it.Phone)
			id, err := db.Insert(ctx, db.Tenant(tx, it.Tenant),
				`INSERT INTO search_test_items (tenant_id, name, phone, search_text) VALUES (?, ?, ?, ?)`,
				it.Tenant, it.Name, it.Phone, it.Text)
			if err != nil {
				return err
			}
			it.ID = id
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func search(ctx context.Context, t testing.TB, q db.Querier, tenant int64, term string, limit int) []int64 {
	t.Helper()
	sc := db.Tenant(q, tenant)
	c := testIndex.Match(sc, "i", term)
	var ids []int64
	err := sc.Select(ctx, &ids, "SELECT i.id FROM search_test_items i "+c.Join+" WHERE "+c.Where+
		fmt.Sprintf(" ORDER BY i.id LIMIT %d", limit), c.Bind()...)
	if err != nil {
		t.Fatalf("search %q: %v", term, err)
	}
	return ids
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		const tenantA, tenantB = 2, 3
		var items []item
		n := 0
		for _, c := range cities {
			for _, ind := range industries {
				for _, s := range suffixes {
					n++
					items = append(items, item{Tenant: tenantA, Name: c + ind + s, Phone: fmt.Sprintf("0571-8800-%04d", n)})
				}
			}
		}
		// Tenant B has names and phones that match the same terms.
		items = append(items,
			item{Tenant: tenantB, Name: "杭州科技有限公司", Phone: "0571-8800-0001"},
			item{Tenant: tenantB, Name: "重庆银行股份有限公司", Phone: "138-9999-7777"},
			item{Tenant: tenantB, Name: "50%_折扣商行", Phone: ""},
		)
		items = insert(ctx, t, d, items)

		// The oracle: the rows of the tenant whose text contains the term.
		want := func(tenant int64, term string) []int64 {
			var ids []int64
			for _, it := range items {
				if it.Tenant == tenant && strings.Contains(it.Text, Query(term)) {
					ids = append(ids, it.ID)
				}
			}
			return ids
		}
		tests := []struct {
			name, term string
			tenant     int64
			min        int // at least this many hits, so the oracle is not trivially empty
		}{
			{"name fragment", "杭州科技", tenantA, 2},
			{"name fragment with case and spaces", "  州科技有限 ", tenantA, 2},
			{"full pinyin", "hangzhoukeji", tenantA, 2},
			{"pinyin fragment", "zhoukeji", tenantA, 2},
			{"initials", "hzkj", tenantA, 2},
			{"initials upper case", "HZKJ", tenantA, 2},
			{"bank initials", "cqyh", tenantA, 2},
			{"bank pinyin", "chongqingyinhang", tenantA, 2},
			{"changsha", "changsha", tenantA, 22},
			{"two-character term", "科技", tenantA, 24},
			{"two-character term at the end", "公司", tenantA, 264},
			{"two-character mixed", "c科", tenantA, 0},
			{"one character", "科", tenantA, 24},
			{"two-letter initials", "hz", tenantA, 22},
			{"phone digits", "88000123", tenantA, 1},
			{"phone as written", "8800-0123", tenantA, 1},
			{"phone two digits", "01", tenantA, 1},
			{"tenant B phone from A", "99997777", tenantA, 0},
			{"tenant B", "hzkj", tenantB, 1},
			{"tenant B bank", "cqyh", tenantB, 1},
			{"like wildcards are literal", "0%_", tenantB, 1},
			{"percent only", "%", tenantB, 1},
			{"underscore 2 chars", "%_", tenantB, 1},
			{"quote in term", `a"b`, tenantA, 0},
			{"no match", "不存在的名字", tenantA, 0},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got := search(ctx, t, d.Read(), tc.tenant, tc.term, 1000)
				w := want(tc.tenant, tc.term)
				if !slices.Equal(got, w) {
					t.Fatalf("search %q in tenant %d: got %v, want %v", tc.term, tc.tenant, got, w)
				}
				if len(got) < tc.min {
					t.Fatalf("search %q: %d hits, want at least %d", tc.term, len(got), tc.min)
				}
				for _, id := range got {
					if items[slices.IndexFunc(items, func(it item) bool { return it.ID == id })].Tenant != tc.tenant {
						t.Fatalf("row %d of another tenant", id)
					}
				}
			})
		}

		t.Run("limit", func(t *testing.T) {
			if got := search(ctx, t, d.Read(), tenantA, "youxiangongsi", 20); len(got) != 20 {
				t.Fatalf("got %d rows, want 20", len(got))
			}
		})

		t.Run("empty term lists the tenant", func(t *testing.T) {
			if got := search(ctx, t, d.Read(), tenantB, "  ", 1000); len(got) != 3 {
				t.Fatalf("got %d rows, want 3", len(got))
			}
		})

		// The index follows updates and deletes (SQLite: triggers).
		t.Run("update and delete", func(t *testing.T) {
			id := items[0].ID // 杭州科技有限公司 of tenant A
			err := d.InTx(ctx, func(tx *db.Tx) error {
				sc := db.Tenant(tx, tenantA)
				if _, err := sc.Exec(ctx, `UPDATE search_test_items SET name = ?, search_text = ? WHERE id = ? AND tenant_id = ?`,
					"宁波海运有限公司", Text("宁波海运有限公司"), id, tenantA); err != nil {
					return err
				}
				_, err := sc.Exec(ctx, `DELETE FROM search_test_items WHERE id = ? AND tenant_id = ?`, items[1].ID, tenantA)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := search(ctx, t, d.Read(), tenantA, "nbhy", 1000); !slices.Equal(got, []int64{id}) {
				t.Fatalf("new name: got %v, want [%d]", got, id)
			}
			for _, term := range []string{"hzkj", "杭州科技"} {
				if got := search(ctx, t, d.Read(), tenantA, term, 1000); len(got) != 0 {
					t.Fatalf("%s after update and delete: got %v", term, got)
				}
			}
		})
	}, testSet(t))
}
