package masterdata

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/search"
)

var update = flag.Bool("update", false, "rewrite migrations/0002_search.* from search.Index.SQL")

// searchSQL is the search index migration: search.Index.SQL of every type
// with a Search field, in registration order.
func searchSQL(d db.Dialect) string {
	var b strings.Builder
	for _, t := range Types() {
		if searchable(t) {
			b.WriteString(search.Index{Table: t.Key, Column: "search_text"}.SQL(d))
		}
	}
	return b.String()
}

func searchable(t *records.Type) bool {
	for _, f := range t.Fields {
		if f.Search {
			return true
		}
	}
	return false
}

// The static search migrations must be exactly what search.Index.SQL
// generates (go test -run SearchMigration -update rewrites them).
func TestSearchMigrationMatchesIndexSQL(t *testing.T) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		path := fmt.Sprintf("migrations/0002_search.%s.sql", d)
		want := searchSQL(d)
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
			t.Errorf("%s differs from search.Index.SQL(%s); run go test -run SearchMigration -update", path, d)
		}
	}
}
