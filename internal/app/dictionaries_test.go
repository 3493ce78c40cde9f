package app_test

import (
	"context"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// A built-in dictionary item that an existing tenant lacks after an
// upgrade that adds one is added when the application starts; an item the
// tenant edited keeps its edits.
func TestStartAddsMissingBuiltInDictionaryItems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, _ := newTestApp(t, d)
		tid := tenantID(t, d, "demo")
		exec(t, d, `DELETE FROM dict_items WHERE tenant_id = ? AND dict = 'customer_status' AND code = 'lost'`, tid)
		exec(t, d, `UPDATE dict_items SET name = '老客户' WHERE tenant_id = ? AND dict = 'customer_status' AND code = 'active'`, tid)
		// As an older version left it: seeded with a smaller set of items.
		exec(t, d, `UPDATE dict_seeds SET fingerprint = 'an older version' WHERE tenant_id = ?`, tid)
		a.Jobs.Stop()

		cfg := config.Defaults()
		cfg.Data = t.TempDir()
		restarted, err := app.New(context.Background(), cfg, app.Options{DB: d})
		if err != nil {
			t.Fatal(err)
		}
		if err := restarted.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(restarted.Jobs.Stop)
		var items []struct {
			Code string  `db:"code"`
			Name *string `db:"name"`
		}
		if err := db.Tenant(d.Read(), tid).Select(context.Background(), &items, `SELECT code, name FROM dict_items
			WHERE tenant_id = ? AND dict = 'customer_status' AND code IN ('lost', 'active') ORDER BY code`, tid); err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || items[0].Code != "active" || items[0].Name == nil || *items[0].Name != "老客户" || items[1].Code != "lost" {
			t.Fatalf("after the restart: %+v", items)
		}
	})
}
