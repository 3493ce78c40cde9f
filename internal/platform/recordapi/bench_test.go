package recordapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// The API's own cost over the engine: a list page and a record through
// the whole HTTP chain (auth, huma, encoding), on 20,000 widgets.
func BenchmarkAPI(b *testing.B) {
	for _, c := range []struct {
		name string
		open func(testing.TB, ...db.MigrationSet) *db.DB
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		b.Run(c.name, func(b *testing.B) {
			e := newEnv(b, c.open(b, migrations()...))
			ctx := context.Background()
			err := e.d.InTx(ctx, func(tx *db.Tx) error {
				now := db.Now()
				_, err := tx.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
					INSERT INTO widgets (tenant_id, created_at, updated_at, owner_id, code, name, kind, qty, price)
					SELECT (SELECT id FROM tenants WHERE code = 'demo'), ?, ?, ?, 'B-' || i, '批量部件', 'small', i % 10, i * 100 FROM n`,
					now, now, e.adminID)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			for _, q := range []string{"/api/v1/widgets?limit=50", "/api/v1/widgets?limit=50&sort=name&qty=3", "/api/v1/widgets/777"} {
				b.Run(q, func(b *testing.B) {
					for b.Loop() {
						e.must(http.StatusOK, http.MethodGet, q, e.admin, nil)
					}
				})
			}
			b.Run("create", func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					e.must(http.StatusCreated, http.MethodPost, "/api/v1/widgets", e.admin, map[string]any{"code": fmt.Sprintf("N-%d", i), "name": "新部件", "price": "9.90"})
				}
			})
		})
	}
}
