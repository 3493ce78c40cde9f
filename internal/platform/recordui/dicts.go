package recordui

import (
	"net/http"
	"net/url"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// The dictionaries page is the generic list of records.DictItems with a
// switcher of the registered dictionaries above it: picking one filters
// the list by ?dict=.

type dictLink struct {
	Key, Label, Href string
	Active           bool
}

func isDictItems(t *records.Type) bool { return t.Key == records.DictItems.Key }

// dictLabel is a dictionary's catalog key.
func dictLabel(reg *records.Registry, key string) string {
	if d, ok := reg.Dictionary(key); ok {
		return d.LabelKey()
	}
	return records.Dictionary{Key: key}.LabelKey()
}

// dictLinks lists the dictionaries; without ?dict= the first one is open.
func (u *UI) dictLinks(r *http.Request, filters map[string]string, vals url.Values) []dictLink {
	ds := u.reg.Dicts()
	if filters["dict"] == "" && len(ds) > 0 {
		filters["dict"] = ds[0].Key
		vals.Set("dict", ds[0].Key)
	}
	out := make([]dictLink, 0, len(ds))
	for _, d := range ds {
		out = append(out, dictLink{Key: d.Key, Label: u.ui.T(r, dictLabel(u.reg, d.Key)),
			Href: base(records.DictItems) + "?dict=" + url.QueryEscape(d.Key), Active: d.Key == filters["dict"]})
	}
	return out
}

// dictionaryChoices are the registered dictionaries (the dict field of a
// new item).
func (u *UI) dictionaryChoices(r *http.Request) []adminui.Option {
	var out []adminui.Option
	for _, d := range u.reg.Dicts() {
		out = append(out, adminui.Option{Value: d.Key, Label: u.ui.T(r, dictLabel(u.reg, d.Key))})
	}
	return out
}

// treeDict tells whether a dictionary's items have parents.
func (u *UI) treeDict(key string) bool {
	d, ok := u.reg.Dictionary(key)
	return ok && d.Tree
}

// itemDict is the dictionary of the item being edited, or the one named
// by the page (/new?dict=, the submitted form).
func itemDict(r *http.Request, rec *records.Record) string {
	if rec != nil {
		return rec.String("dict")
	}
	return r.FormValue("dict")
}
