package recordui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

func TestListFiltersSortAndCount(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		g := e.create(groups, records.Input{"code": "G1", "name": "华东"})
		sub := e.create(groups, records.Input{"code": "G2", "name": "杭州", "parent_id": g.ID})
		admin := e.users["admin"]
		e.create(things, records.Input{"code": "T1", "name": "甲物件", "kind": "plain", "status": "new", "owner_id": admin})
		e.create(things, records.Input{"code": "T2", "name": "乙物件", "kind": "fancy", "flair": "花", "status": "won", "group_id": sub.ID,
			"amount": "1234.5", "owner_id": admin})
		e.create(things, records.Input{"code": "T3", "name": "丙物件", "kind": "fancy", "active": false, "owner_id": admin})

		c := e.login("admin")
		r := c.get("/md/tw-things")
		must(t, r, 200, "物件", `data-testid="list-count">共 3 条`, `data-testid="filter-kind"`, `data-testid="filter-status"`,
			`data-testid="filter-group_id"`, `data-testid="filter-owner_id"`, `data-testid="filter-amount_from"`, "金额 起",
			`data-testid="export-csv"`, `href="/md/tw-things/export?format=csv"`, `data-testid="import"`, `href="/md/tw-things/import"`,
			`data-testid="record-new"`, `data-testid="sort-name"`, "1,234.5", `data-swatch="#2ca02c"`, "成交", "用户", "管理员")
		if ids := rowIDs(r.body); len(ids) != 3 {
			t.Fatalf("rows %v, want 3", ids)
		}
		// The tree select indents the child group under its parent.
		must(t, r, 200, `<option value="`+fmt.Sprint(sub.ID)+`">`+"\u3000杭州")

		r = c.get("/md/tw-things?kind=fancy&sort=name")
		must(t, r, 200, `data-testid="list-count">共 2 条`, `href="/md/tw-things/export?format=csv&amp;kind=fancy&amp;sort=name"`)
		mustNot(t, r, "甲物件")
		// An inactive record is greyed out.
		if !strings.Contains(r.body, `data-testid="list-row" class="is-muted"`) {
			t.Fatal("inactive row not muted")
		}
		// The htmx swap gets only the list area.
		r = c.do("GET", "/md/tw-things?kind=plain", nil, map[string]string{"HX-Request": "true", "HX-Target": "list-tw_things"})
		must(t, r, 200, `id="list-tw_things"`, "甲物件")
		mustNot(t, r, "<html", `data-testid="list-filter"`)

		// Sales see neither export (no permission) nor others' records.
		s := e.login("sales")
		r = s.get("/md/tw-things")
		must(t, r, 200, `data-testid="list-count">共 0 条`, `data-testid="record-new"`)
		mustNot(t, r, `data-testid="export-csv"`, "甲物件")

		// English labels follow the user's language.
		c.post("/me/locale", map[string][]string{"locale": {"en"}, "next": {"/"}})
		must(t, c.get("/md/tw-things"), 200, "3 records", "Things", "Fancy")
	})
}

// TestListCappedCount: beyond records.CountCap the list says "10,000+"
// instead of counting every row.
func TestListCappedCount(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		first := e.create(things, records.Input{"code": "C0", "name": "bulk 0", "owner_id": e.users["admin"]})
		// Copies of the first row: typed values come from a real row, so
		// neither database has to guess a parameter's type.
		err := e.d.InTx(ctx, func(tx *db.Tx) error {
			_, err := db.Tenant(tx, e.tenant).Exec(ctx, `INSERT INTO tw_things (tenant_id, created_at, updated_at, owner_id, code, name, kind, active)
				SELECT t.tenant_id, t.created_at, t.updated_at, t.owner_id, 'C' || n.i, 'bulk ' || n.i, t.kind, t.active
				FROM tw_things t, (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?) SELECT i FROM s) n
				WHERE t.tenant_id = ? AND t.id = ?`, records.CountCap+5, e.tenant, first.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r := e.login("admin").get("/md/tw-things?limit=50")
		must(t, r, 200, `data-testid="list-count">共 10,000&#43; 条`, `data-testid="page-next"`, "第 1 / 200 页")
		if ids := rowIDs(r.body); len(ids) != 50 {
			t.Fatalf("%d rows, want 50", len(ids))
		}
	})
}

func TestDictionariesPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.login("admin")
		r := c.get("/md/dictionaries")
		must(t, r, 200, `data-testid="dict-nav"`, `data-testid="dict-tw_status"`, "物件状态", "物件标签",
			"新建", "成交", `data-swatch="#1f77b4"`, `href="/md/dictionaries/new?dict=tw_status"`)
		mustNot(t, r, "重要") // the other dictionary's items
		r = c.get("/md/dictionaries?dict=tw_tag")
		must(t, r, 200, "重要", "冷淡", `name="dict" value="tw_tag"`)
		mustNot(t, r, "成交")
		// A new item of the open dictionary, then its page.
		r = c.get("/md/dictionaries/new?dict=tw_tag")
		must(t, r, 200, `<option value="tw_tag" selected>`)
		r = c.post("/md/dictionaries", map[string][]string{"dict": {"tw_tag"}, "code": {"hot"}, "name": {"热门"},
			"color": {"#ff0000"}, "active": {"1"}, "sort_order": {"9"}})
		must(t, r, 303)
		must(t, c.get("/md/dictionaries?dict=tw_tag"), 200, "热门", `data-swatch="#ff0000"`)
		// Items are deactivated, never deleted: no delete route or button.
		mustNot(t, c.get(r.header.Get("Location")), `data-testid="record-delete"`)
	})
}
