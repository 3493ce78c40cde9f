package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// MinTrigram is the shortest term an FTS5 trigram MATCH can find. Shorter
// terms fall back to LIKE on SQLite.
const MinTrigram = 3

// Index is a table's searchable text column. The table must have an integer
// primary key id, a tenant_id column and, for the short-term fallback, an
// index starting with tenant_id.
type Index struct {
	Table  string // e.g. "customers"
	Column string // e.g. "search_text", written with Text on every save
}

// FTS is the name of the SQLite FTS5 table: <table>_fts.
func (ix Index) FTS() string { return ix.Table + "_fts" }

// SQL is the migration that indexes the column, for a module's
// NNNN_name.sqlite.sql / NNNN_name.postgres.sql pair. Migrations stay static
// files; a test should compare them with this output (see search_test.go).
//
// SQLite: an external-content FTS5 trigram table over the column (the text is
// stored once, in the table), three triggers keeping it in sync, and a
// rebuild so rows that existed before the migration are indexed.
// PostgreSQL: pg_trgm in schema public and a GIN trigram index.
func (ix Index) SQL(d db.Dialect) string {
	t, c, f := ix.Table, ix.Column, ix.FTS()
	if d == db.Postgres {
		return fmt.Sprintf(`-- pg_trgm lives in public (extensions are per database); the opclass is
-- schema-qualified so a search_path without public still finds it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX %[1]s_%[2]s_trgm ON %[1]s USING gin (%[2]s public.gin_trgm_ops);
`, t, c)
	}
	return fmt.Sprintf(`-- External-content FTS5 trigram index over %[1]s.%[2]s, kept in sync by triggers.
CREATE VIRTUAL TABLE %[3]s USING fts5(%[2]s, tokenize='trigram', content='%[1]s', content_rowid='id');
CREATE TRIGGER %[3]s_ai AFTER INSERT ON %[1]s BEGIN
	INSERT INTO %[3]s(rowid, %[2]s) VALUES (new.id, new.%[2]s);
END;
CREATE TRIGGER %[3]s_ad AFTER DELETE ON %[1]s BEGIN
	INSERT INTO %[3]s(%[3]s, rowid, %[2]s) VALUES ('delete', old.id, old.%[2]s);
END;
CREATE TRIGGER %[3]s_au AFTER UPDATE OF %[2]s ON %[1]s BEGIN
	INSERT INTO %[3]s(%[3]s, rowid, %[2]s) VALUES ('delete', old.id, old.%[2]s);
	INSERT INTO %[3]s(rowid, %[2]s) VALUES (new.id, new.%[2]s);
END;
INSERT INTO %[3]s(%[3]s) VALUES ('rebuild');
`, t, c, f)
}

// Clause is the part of a search query that Match builds: Join goes after
// "FROM <table> <alias>" and Where after "WHERE" (it always contains
// "<alias>.tenant_id = ?"). Args are in placeholder order: Join has none.
type Clause struct {
	Join  string
	Where string
	Args  []any
}

// Match returns the tenant-scoped clause finding rows of sc's tenant whose
// search text contains the user's input q (normalised with Query). alias is
// the table's alias in the caller's FROM. An empty q matches every row of
// the tenant.
//
//	c := ix.Match(sc, "c", input)
//	sc.Select(ctx, &rows, "SELECT c.id, c.name FROM customers c "+c.Join+
//		" WHERE "+c.Where+" ORDER BY c.id LIMIT 20", c.Args...)
//
// SQLite, term of 3+ characters: a join with the FTS5 table and a phrase
// MATCH (each trigram of the term, contiguous). Shorter terms: LIKE on the
// table, since a trigram MATCH finds nothing under 3 characters.
// PostgreSQL: ILIKE '%q%', which the GIN trigram index serves for 3+
// characters.
func (ix Index) Match(sc db.Scoped, alias string, q string) Clause {
	q = Query(q)
	tenant := alias + ".tenant_id = ?"
	switch {
	case q == "":
		return Clause{Where: tenant, Args: []any{sc.Tenant}}
	case sc.Dialect() == db.SQLite && utf8.RuneCountInString(q) >= MinTrigram:
		f := ix.FTS()
		return Clause{
			Join:  fmt.Sprintf("JOIN %s ON %s.rowid = %s.id", f, f, alias),
			Where: f + " MATCH ? AND " + tenant,
			Args:  []any{`"` + strings.ReplaceAll(q, `"`, `""`) + `"`, sc.Tenant},
		}
	}
	op := "LIKE" // SQLite LIKE ignores ASCII case; the text is lower-case anyway
	if sc.Dialect() == db.Postgres {
		op = "ILIKE"
	}
	return Clause{
		Where: fmt.Sprintf(`%s.%s %s ? ESCAPE '\' AND %s`, alias, ix.Column, op, tenant),
		Args:  []any{"%" + escapeLike(q) + "%", sc.Tenant},
	}
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }
