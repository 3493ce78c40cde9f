// Package search is the foundation for fuzzy "global search" over master data
// (customers, products, suppliers…): names, codes and numbers (any part of a
// number matches), phones, and Chinese names by full pinyin and by initials
// (`hzkj` finds 杭州科技有限公司).
//
// A record stores one search text column, computed on write with [Text]
// (pinyin is never computed per query). The column is indexed for substring
// search: an FTS5 trigram table on SQLite, a pg_trgm GIN index on PostgreSQL
// (see [Index.SQL]). A store asks [Index.Match] for the tenant-scoped join and
// WHERE fragment for the user's input, normalised with [Query].
//
// Design choices:
//
//   - SQLite uses an external-content FTS5 table (content=<table>,
//     content_rowid=id): the text is stored once, in the business table, and
//     the FTS table holds only the trigram index. Three triggers keep it in
//     sync, so a store only writes the search text column and can never forget
//     the index. The query joins the FTS table on rowid so that LIMIT stops
//     the FTS scan early instead of materialising every match.
//   - A trigram index finds nothing for terms under 3 characters. 2-character
//     Chinese terms (科技) are the common case in names, so Text also stores
//     every adjacent pair of Chinese characters as a token followed by Sep,
//     and Match looks for "科技|": three characters, served by the index
//     (a rare pair took 80 ms on SQLite and 180 ms on PostgreSQL as a scan of
//     150,000 rows, about 1 ms through the index). Other short terms fall back
//     to LIKE '%q%' restricted by the tenant index: fast when the term is
//     common (LIMIT fills quickly), a scan of the tenant's rows when rare.
//   - On PostgreSQL the statement is run unprepared (pgx QueryExecModeExec,
//     see Clause.Bind): a cached generic plan cannot see the pattern and
//     scanned the tenant's rows instead of using the GIN index.
//   - PostgreSQL uses pg_trgm, created WITH SCHEMA public, and the index names
//     the operator class as public.gin_trgm_ops. Extensions are per database,
//     not per schema: a test schema whose search_path is only itself still
//     finds the operator class, and ILIKE (~~*) is a built-in operator that
//     the opclass supports, so queries need no schema prefix. CREATE
//     EXTENSION runs inside the migration transaction, which holds the
//     migration advisory lock, so parallel test schemas do not race on it.
//   - Parts of the text are joined by [Sep], which [Query] strips from the
//     input, so a term never matches across two parts (name and pinyin).
package search
