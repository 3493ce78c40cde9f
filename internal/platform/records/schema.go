package records

import (
	"context"
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// CheckSchema compares every registered type with its table on the
// database at hand: the standard columns, one column per field with the
// type the field's kind needs, and the search index when the type has
// Search fields. It reports every difference in one error (run it at
// start-up and in each module's schema test).
func CheckSchema(ctx context.Context, d *db.DB, reg *Registry) error {
	var problems []string
	for _, t := range reg.Types() {
		cols, err := columns(ctx, d, t.Key)
		if err != nil {
			return err
		}
		if len(cols) == 0 {
			problems = append(problems, t.Key+": no such table")
			continue
		}
		want := map[string]string{"id": "", "tenant_id": "int", "version": "int", "created_at": "time", "updated_at": "time",
			"created_by": "int", "updated_by": "int"}
		if t.Owned {
			want["owner_id"], want["department_id"] = "int", "int"
		}
		hasSearch := false
		for _, f := range t.Fields {
			want[f.Name] = kindFamily(f.Kind)
			hasSearch = hasSearch || f.Search
		}
		if hasSearch {
			want["search_text"] = "text"
		}
		for name, fam := range want {
			typ, ok := cols[name]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("%s.%s: missing", t.Key, name))
			case fam != "" && typeFamily(typ) != fam:
				problems = append(problems, fmt.Sprintf("%s.%s: type %s, want %s", t.Key, name, typ, fam))
			}
		}
		if hasSearch {
			ok, err := searchIndexed(ctx, d, t.Key)
			if err != nil {
				return err
			}
			if !ok {
				problems = append(problems, t.Key+": search_text has no search index (search.Index.SQL)")
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("records: schema differs from the types:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func kindFamily(k Kind) string {
	switch k {
	case Int, Ref, User, Decimal:
		return "int"
	case Bool:
		return "bool"
	}
	return "text"
}

// typeFamily maps a declared column type of either database to int, text,
// bool or time.
func typeFamily(typ string) string {
	t := strings.ToLower(typ)
	switch {
	case strings.Contains(t, "int"):
		return "int"
	case strings.Contains(t, "bool"):
		return "bool"
	case strings.Contains(t, "time"):
		return "time"
	case strings.Contains(t, "text"), strings.Contains(t, "char"):
		return "text"
	}
	return t
}

// columns lists a table's columns and declared types; empty when there is
// no such table.
func columns(ctx context.Context, d *db.DB, table string) (map[string]string, error) {
	var rows []struct {
		Name string `db:"name"`
		Type string `db:"type"`
	}
	var err error
	if d.Dialect == db.Postgres {
		// pg_catalog, not information_schema.columns: the view checks
		// privileges on every relation of the database before filtering by
		// schema, and fails when a test in another schema drops a table
		// meanwhile ("could not open relation with OID").
		err = d.Read().Select(ctx, &rows, `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
			FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`, table)
	} else {
		err = d.Read().Select(ctx, &rows, `SELECT name, type FROM pragma_table_info(?)`, table)
	}
	if err != nil {
		return nil, fmt.Errorf("records: columns of %s: %w", table, err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Name] = r.Type
	}
	return out, nil
}

func searchIndexed(ctx context.Context, d *db.DB, table string) (bool, error) {
	var n int
	var err error
	if d.Dialect == db.Postgres {
		var idx []db.PGIndex
		if idx, err = db.PGIndexes(ctx, d.Read(), table); err != nil {
			return false, err
		}
		for _, x := range idx {
			if strings.Contains(x.Def, "gin_trgm_ops") && strings.Contains(x.Def, "search_text") {
				n++
			}
		}
	} else {
		err = d.Read().Get(ctx, &n, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table+"_fts")
	}
	return n > 0, err
}
