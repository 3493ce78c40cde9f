package masterdata

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

type indexDef struct {
	Name string `db:"name"`
	SQL  string `db:"sql"`
}

// withoutIndexes drops the secondary indexes of tables (not primary keys,
// nor SQLite's FTS tables, which have their own storage), runs load, and
// creates them again from their own saved definitions — also when load
// fails, so the schema is never left without them.
func withoutIndexes(ctx context.Context, d *db.DB, tables []string, load func() error) (err error) {
	var defs []indexDef
	for _, t := range tables {
		var ds []indexDef
		if d.Dialect == db.Postgres {
			var idx []db.PGIndex
			idx, err = db.PGIndexes(ctx, d.Read(), t)
			for _, x := range idx {
				if x.Name != t+"_pkey" {
					ds = append(ds, indexDef{Name: x.Name, SQL: x.Def})
				}
			}
		} else {
			// Indexes SQLite makes itself (primary keys, UNIQUE constraints)
			// have no SQL and cannot be dropped.
			err = d.Read().Select(ctx, &ds, `SELECT name, sql FROM sqlite_master
				WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, t)
		}
		if err != nil {
			return fmt.Errorf("masterdata: indexes of %s: %w", t, err)
		}
		defs = append(defs, ds...)
	}
	w := d.WriterRaw()
	defer func() {
		// The load's context may be cancelled; the indexes must come back.
		ctx := context.WithoutCancel(ctx)
		for _, ix := range defs {
			if _, e := w.ExecContext(ctx, ix.SQL); e != nil && err == nil {
				err = fmt.Errorf("masterdata: rebuild index %s: %w", ix.Name, e)
			}
		}
	}()
	for i, ix := range defs {
		if _, err := w.ExecContext(ctx, "DROP INDEX "+ix.Name); err != nil {
			defs = defs[:i] // only what was dropped is rebuilt
			return fmt.Errorf("masterdata: drop index %s: %w", ix.Name, err)
		}
	}
	return load()
}
