package recordapi_test

import (
	"context"
	"io/fs"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/search"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// The test type's table follows the engine's conventions, and its search
// index is exactly the one package search prescribes.
func TestWidgetTable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		reg := &records.Registry{}
		reg.Add(widgetsType())
		reg.AddDict(widgetDicts()...)
		records.New(d, reg, nil, nil, nil)
		if err := records.CheckSchema(context.Background(), d, reg); err != nil {
			t.Error(err)
		}
	}, migrations()...)
	ix := search.Index{Table: "widgets", Column: "search_text"}
	for name, dialect := range map[string]db.Dialect{"0002_widgets_search.sqlite.sql": db.SQLite, "0002_widgets_search.postgres.sql": db.Postgres} {
		b, err := fs.ReadFile(recordtest.Sub(migrationFiles, "testdata/migrations"), name)
		if err != nil || string(b) != ix.SQL(dialect) {
			t.Errorf("%s differs from search.Index.SQL (%v)", name, err)
		}
	}
}
