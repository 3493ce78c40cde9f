// Package list builds the SQL behind every list screen and list endpoint:
// filters, sort, record count and keyset pagination (with an offset only for
// "jump to page"). It keeps lists fast at millions of rows as long as an index
// leads with (tenant_id, sort column, id).
package list

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// MaxLimit caps a page (API.md: limit ≤ 200).
const MaxLimit = 200

// CountCap bounds a list's count: lists count at most CountCap+1 matching
// rows (SELECT count(*) FROM (SELECT 1 … LIMIT CountCap+1)) and show
// "10,000+" beyond, so a list over a million rows never runs an unbounded
// count(*).
const CountCap = 10000

// Query is what a caller asks of a list.
type Query struct {
	Q       string            // fuzzy text
	Filters map[string]string // exact filters by declared name
	Sort    string            // column name, "-" prefix for descending
	Limit   int
	Cursor  string // opaque keyset cursor from a previous page
	Page    int    // 1-based jump-to-page; used when Cursor is empty
}

// Page is one page of results.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
	Total      int    `json:"-"`
	PageNum    int    `json:"-"`
	Limit      int    `json:"-"`
}

// Capped reports a count that stopped at CountCap+1: the list has more
// than CountCap rows.
func (p Page[T]) Capped() bool { return p.Total > CountCap }

// Pages is the number of pages for the total.
func (p Page[T]) Pages() int {
	if p.Limit == 0 {
		return 1
	}
	n := (p.Total + p.Limit - 1) / p.Limit
	if n == 0 {
		return 1
	}
	return n
}

// Spec declares what a list may sort and filter on. Column expressions are
// trusted SQL from code; user input only picks among them.
type Spec struct {
	Sorts       map[string]string // name → column expression
	DefaultSort string            // e.g. "-id"
	Filters     map[string]string // name → column expression compared with =
	Search      []string          // columns matched by q with LIKE
	// ID is the unique tie-breaker column of the keyset ("id" by default;
	// "u.id" when the query joins other tables).
	ID string
}

type cursor struct {
	V  any   `json:"v"`
	ID int64 `json:"id"`
	// T marks V as a timestamp: JSON turns it into a string, and SQLite
	// compares a string with its stored time format character by character.
	T bool `json:"t,omitempty"`
}

// Built is the SQL fragments for a query.
type Built struct {
	Where     string // " AND …" conditions (filters + q + keyset)
	CountWhr  string // the same without the keyset condition
	Args      []any
	CountArgs []any
	Order     string // " ORDER BY … LIMIT ? [OFFSET ?]" with args appended to Args
	SortCol   string
	Desc      bool
	Limit     int
	PageNum   int
}

// Build validates q against the spec and returns SQL pieces. like is the
// dialect's case-insensitive LIKE operator.
func (s Spec) Build(q Query, like string) (Built, error) {
	var b Built
	b.Limit = q.Limit
	if b.Limit <= 0 {
		b.Limit = 50
	}
	if b.Limit > MaxLimit {
		return b, errs.Invalid(errs.Field("limit", "list.limit_max", "Max", MaxLimit))
	}
	sort := q.Sort
	if sort == "" {
		sort = s.DefaultSort
	}
	b.Desc = strings.HasPrefix(sort, "-")
	col, ok := s.Sorts[strings.TrimPrefix(sort, "-")]
	if !ok {
		return b, errs.Invalid(errs.Field("sort", "field.invalid"))
	}
	b.SortCol = col
	idCol := s.ID
	if idCol == "" {
		idCol = "id"
	}
	for name, val := range q.Filters {
		if val == "" {
			continue
		}
		c, ok := s.Filters[name]
		if !ok {
			return b, errs.Invalid(errs.Field(name, "field.invalid"))
		}
		b.Where += " AND " + c + " = ?"
		b.Args = append(b.Args, val)
	}
	if t := strings.TrimSpace(q.Q); t != "" && len(s.Search) > 0 {
		var ors []string
		for _, c := range s.Search {
			// Backslash escapes % and _ (escapeLike); SQLite has no default
			// LIKE escape character, so name it.
			ors = append(ors, c+" "+like+" ? ESCAPE '\\'")
			b.Args = append(b.Args, "%"+escapeLike(t)+"%")
		}
		b.Where += " AND (" + strings.Join(ors, " OR ") + ")"
	}
	b.CountWhr, b.CountArgs = b.Where, append([]any(nil), b.Args...)
	dir, cmp := " ASC", ">"
	if b.Desc {
		dir, cmp = " DESC", "<"
	}
	offset := 0
	if q.Cursor != "" {
		c, err := decode(q.Cursor)
		if err != nil {
			return b, errs.Invalid(errs.Field("cursor", "field.invalid"))
		}
		if col == idCol {
			b.Where += " AND " + idCol + " " + cmp + " ?"
			b.Args = append(b.Args, c.ID)
		} else {
			b.Where += " AND (" + col + " " + cmp + " ? OR (" + col + " = ? AND " + idCol + " " + cmp + " ?))"
			b.Args = append(b.Args, c.V, c.V, c.ID)
		}
	} else if q.Page > 1 {
		offset = (q.Page - 1) * b.Limit
	}
	b.PageNum = q.Page
	if b.PageNum < 1 {
		b.PageNum = 1
	}
	b.Order = " ORDER BY " + col + dir
	if col != idCol {
		b.Order += ", " + idCol + dir
	}
	b.Order += " LIMIT ?"
	// One extra row tells whether a next page exists.
	b.Args = append(b.Args, b.Limit+1)
	if offset > 0 {
		b.Order += " OFFSET ?"
		b.Args = append(b.Args, offset)
	}
	return b, nil
}

// Cursor encodes the keyset position after a row.
func Cursor(sortValue any, id int64) string {
	c := cursor{V: sortValue, ID: id}
	if t, ok := sortValue.(time.Time); ok {
		c.V, c.T = t.UTC().Format(time.RFC3339Nano), true
	}
	j, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(j)
}

// DecodeCursor reads a cursor made by Cursor: the sort value (a time.Time
// when it was one; JSON types otherwise) and the id. Callers that build
// their own keyset condition (nullable sort columns) use it.
func DecodeCursor(s string) (sortValue any, id int64, err error) {
	c, err := decode(s)
	return c.V, c.ID, err
}

func decode(s string) (cursor, error) {
	var c cursor
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	if err = json.Unmarshal(raw, &c); err != nil || !c.T {
		return c, err
	}
	v, _ := c.V.(string)
	t, err := time.Parse(time.RFC3339Nano, v)
	c.V = t
	return c, err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
