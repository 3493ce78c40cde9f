package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
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
// "<alias>.tenant_id = ?"). Args are Where's bind values (Join has none);
// pass the statement's arguments through Bind, not Args directly.
type Clause struct {
	Join  string
	Where string
	Args  []any
	// opts go first in the argument list, before any bind value. On
	// PostgreSQL it is pgx.QueryExecModeExec: an unnamed statement, planned
	// with the actual pattern every time. With pgx's default statement cache
	// the server switches to a generic plan after five runs; a generic plan
	// cannot know '%hzkj%' has trigrams and scanned the tenant's rows instead
	// of the GIN index (2 ms → 60–190 ms at 200,000 rows).
	opts []any
}

// Bind is the argument list of a statement whose placeholders are the
// clause's (Where coming first after WHERE) and then more.
//
//	sc.Select(ctx, &rows, "SELECT … WHERE "+c.Where+" AND status = ? LIMIT 20", c.Bind(status)...)
func (c Clause) Bind(more ...any) []any {
	out := make([]any, 0, len(c.opts)+len(c.Args)+len(more))
	out = append(out, c.opts...)
	out = append(out, c.Args...)
	return append(out, more...)
}

// Opts are the driver options Bind puts first; a statement that repeats
// the clause (a UNION) starts with them once, then Params per use.
func (c Clause) Opts() []any { return c.opts }

// Params are the clause's own arguments, then more (Bind without Opts).
func (c Clause) Params(more ...any) []any {
	return append(append(make([]any, 0, len(c.Args)+len(more)), c.Args...), more...)
}

// Match returns the tenant-scoped clause finding rows of sc's tenant whose
// search text contains the user's input q (normalised with Query). alias is
// the table's alias in the caller's FROM. An empty q matches every row of
// the tenant.
//
//	c := ix.Match(sc, "c", input)
//	sc.Select(ctx, &rows, "SELECT c.id, c.name FROM customers c "+c.Join+
//		" WHERE "+c.Where+" ORDER BY c.id LIMIT 20", c.Bind()...)
//
// SQLite, term of 3+ characters: a join with the FTS5 table and a phrase
// MATCH (each trigram of the term, contiguous). PostgreSQL: ILIKE '%q%',
// which the GIN trigram index serves for 3+ characters.
//
// Two Chinese characters (科技) become "科技|", the bigram token Text stored,
// so they use the index too. Other terms under 3 characters ("hz", "8") can
// use no trigram: LIKE/ILIKE '%q%' scans the tenant's rows, which is fast
// only while the term is common enough for LIMIT to fill early.
func (ix Index) Match(sc db.Scoped, alias string, q string) Clause {
	q = Query(q)
	tenant := alias + ".tenant_id = ?"
	if q == "" {
		return Clause{Where: tenant, Args: []any{sc.Tenant}}
	}
	// Two Chinese characters are looked up as the bigram token Text stored,
	// followed by Sep: three characters, so the trigram index serves them.
	term := q
	if hanPair(q) {
		term = q + Sep
	}
	if sc.Dialect() == db.Postgres {
		return Clause{
			Where: fmt.Sprintf(`%s.%s ILIKE ? ESCAPE '\' AND %s`, alias, ix.Column, tenant),
			Args:  []any{"%" + escapeLike(term) + "%", sc.Tenant},
			opts:  []any{pgx.QueryExecModeExec},
		}
	}
	if utf8.RuneCountInString(term) >= MinTrigram {
		f := ix.FTS()
		return Clause{
			Join:  fmt.Sprintf("JOIN %s ON %s.rowid = %s.id", f, f, alias),
			Where: f + " MATCH ? AND " + tenant,
			Args:  []any{`"` + strings.ReplaceAll(term, `"`, `""`) + `"`, sc.Tenant},
		}
	}
	// SQLite's LIKE ignores ASCII case; the text is lower-case anyway.
	return Clause{
		Where: fmt.Sprintf(`%s.%s LIKE ? ESCAPE '\' AND %s`, alias, ix.Column, tenant),
		Args:  []any{"%" + escapeLike(q) + "%", sc.Tenant},
	}
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

func hanPair(q string) bool {
	rs := []rune(q)
	return len(rs) == 2 && isHan(rs[0]) && isHan(rs[1])
}
