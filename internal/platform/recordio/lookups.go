package recordio

import (
	"context"
	"strings"

	"golang.org/x/text/width"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// lookups turn the text of a file's Ref, Dict, Tags and User cells into
// stored values (import), and stored values back into text (export). Each
// dictionary, the tenant's users and each referenced type are read once
// per import or export, in bulk: never one query per row.
type lookups struct {
	s     *Service
	sc    tenant.Scope
	lang  string
	dicts map[string]*dictIndex
	users *userIndex
	refs  map[string]*refIndex // by referenced type key
}

func (s *Service) newLookups(sc tenant.Scope, lang string) *lookups {
	return &lookups{s: s, sc: sc, lang: lang, dicts: map[string]*dictIndex{}, refs: map[string]*refIndex{}}
}

// fold is how cell text is compared: trimmed, full-width folded, lower case.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(width.Fold.String(s))) }

// dictIndex is one dictionary: items by code and by label in every
// language, and the export language's labels.
type dictIndex struct {
	code   map[string]string   // exact code → code
	folded map[string][]string // folded code or label (any language) → codes
	label  map[string]string   // code → label in the lookups' language
	same   map[string]int      // label in that language → items carrying it
}

func (l *lookups) dict(ctx context.Context, key string) (*dictIndex, error) {
	if d := l.dicts[key]; d != nil {
		return d, nil
	}
	d := &dictIndex{code: map[string]string{}, folded: map[string][]string{}, label: map[string]string{}, same: map[string]int{}}
	add := func(k, code string) {
		k = fold(k)
		for _, c := range d.folded[k] {
			if c == code {
				return
			}
		}
		d.folded[k] = append(d.folded[k], code)
	}
	for _, lang := range append([]string{l.lang}, i18n.Supported...) {
		opts, err := l.s.rec.DictOptions(ctx, l.sc.WithLocale(lang), key, true)
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			if lang == l.lang {
				if _, seen := d.label[o.Code]; !seen {
					d.label[o.Code] = o.Label
					d.same[o.Label]++
				}
			}
			d.code[o.Code] = o.Code
			add(o.Code, o.Code)
			add(o.Label, o.Code)
		}
	}
	l.dicts[key] = d
	return d, nil
}

// resolve finds the item a cell names: its code, else a label; a label
// that two items share is ambiguous (the code must be used).
func (d *dictIndex) resolve(v string) (string, string) {
	if c, ok := d.code[strings.TrimSpace(v)]; ok {
		return c, ""
	}
	switch cs := d.folded[fold(v)]; len(cs) {
	case 0:
		return "", "recordio.unknown_item"
	case 1:
		return cs[0], ""
	}
	return "", "recordio.ambiguous"
}

// text is how an export shows an item: its label, or its code when the
// label is shared or would not survive the Tags separators.
func (d *dictIndex) text(code string) string {
	lbl, ok := d.label[code]
	if !ok || lbl == "" || d.same[lbl] > 1 || strings.ContainsAny(lbl, tagSeps) {
		return code
	}
	return lbl
}

// tagSeps separate the items of a Tags cell.
const tagSeps = ",，;；|"

func splitTags(v string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(tagSeps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// userIndex is the tenant's staff, disabled ones included (the engine
// refuses them as owners with its own message).
type userIndex struct {
	byLogin  map[string]int64   // folded username → id
	byName   map[string][]int64 // folded display name → ids
	username map[int64]string
	name     map[int64]string
	same     map[string]int // display name → users carrying it
}

func (l *lookups) userIdx(ctx context.Context) (*userIndex, error) {
	if l.users != nil {
		return l.users, nil
	}
	var rows []struct {
		ID       int64  `db:"id"`
		Username string `db:"username"`
		Name     string `db:"display_name"`
	}
	q := db.Tenant(l.s.db.Read(), l.sc.Tenant())
	if err := q.Select(ctx, &rows, `SELECT id, username, display_name FROM users WHERE tenant_id = ? AND kind = 'staff'`, q.Tenant); err != nil {
		return nil, err
	}
	u := &userIndex{byLogin: map[string]int64{}, byName: map[string][]int64{}, username: map[int64]string{}, name: map[int64]string{}, same: map[string]int{}}
	for _, r := range rows {
		u.byLogin[fold(r.Username)] = r.ID
		u.byName[fold(r.Name)] = append(u.byName[fold(r.Name)], r.ID)
		u.username[r.ID], u.name[r.ID] = r.Username, r.Name
		u.same[r.Name]++
	}
	l.users = u
	return u, nil
}

func (u *userIndex) resolve(v string) (int64, string) {
	if id, ok := u.byLogin[fold(v)]; ok {
		return id, ""
	}
	switch ids := u.byName[fold(v)]; len(ids) {
	case 0:
		return 0, "recordio.unknown_user"
	case 1:
		return ids[0], ""
	}
	return 0, "recordio.ambiguous"
}

// text is how an export shows a user: the display name, or the username
// when two users share it.
func (u *userIndex) text(id int64) string {
	n, ok := u.name[id]
	if !ok {
		return ""
	}
	if n == "" || u.same[n] > 1 {
		return u.username[id]
	}
	return n
}
