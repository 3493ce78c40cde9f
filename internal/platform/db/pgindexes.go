package db

import "context"

// PGIndex is one index of a table in the current PostgreSQL schema.
type PGIndex struct {
	ID    int64  `db:"id"`
	Table string `db:"tbl"`
	Name  string `db:"name"`
	Def   string `db:"-"` // CREATE INDEX …
}

// PGIndexes lists the indexes of the current schema's tables (of one
// table when table is not ""), by name, with their definitions. It reads
// pg_index for this schema first and asks pg_get_indexdef for those ids
// only: pg_indexes may call it on another schema's index while a parallel
// test drops it ("could not open relation with OID").
func PGIndexes(ctx context.Context, q Querier, table string) ([]PGIndex, error) {
	query := `SELECT i.indexrelid::bigint AS id, c.relname AS tbl, ic.relname AS name FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = current_schema()`
	var args []any
	if table != "" {
		query, args = query+` AND c.relname = ?`, append(args, table)
	}
	var out []PGIndex
	if err := q.Select(ctx, &out, query+` ORDER BY ic.relname`, args...); err != nil {
		return nil, err
	}
	for i := range out {
		if err := q.Get(ctx, &out[i].Def, `SELECT pg_get_indexdef(?::oid)`, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
