package recordui

import (
	"net/http"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// dictCache loads each dictionary once per request (colours of Dict cells,
// labels of Tags).
type dictCache struct {
	u *UI
	r *http.Request
	m map[string]map[string]records.DictOption
}

func (u *UI) dicts(r *http.Request) *dictCache {
	return &dictCache{u: u, r: r, m: map[string]map[string]records.DictOption{}}
}

func (c *dictCache) item(dict, code string) (records.DictOption, bool) {
	items, ok := c.m[dict]
	if !ok {
		_, items, _ = c.u.dictChoices(c.r, dict) // a failure shows codes, not an error page
		c.m[dict] = items
	}
	it, ok := items[code]
	return it, ok
}

// cell draws one field of a record in a list.
func (u *UI) cell(r *http.Request, t *records.Type, f records.Field, rec records.Record, dc *dictCache) adminui.Cell {
	v := rec.Values[f.Name]
	c := adminui.Cell{Text: u.text(r, t, f, rec, dc)}
	switch f.Kind {
	case records.Code, records.Phone:
		c.Mono = true
	case records.Dict:
		if it, ok := dc.item(f.Dict, formValue(f, v)); ok {
			c.Swatch = it.Color
		}
	case records.Color:
		c.Swatch = formValue(f, v)
	case records.Ref:
		if rt, ok := u.reg.Type(f.Ref); ok && rec.Int(f.Name) != 0 {
			c.Href = recordHref(rt, rec.Int(f.Name))
		}
	}
	if f.Name == t.NameFieldName() {
		c.Href = recordHref(t, rec.ID)
		if c.Text == "" {
			c.Text = u.title(r, t, rec)
		}
	}
	return c
}

// text is a field's display text in the caller's language.
func (u *UI) text(r *http.Request, t *records.Type, f records.Field, rec records.Record, dc *dictCache) string {
	v := rec.Values[f.Name]
	if v == nil {
		return ""
	}
	switch f.Kind {
	case records.Enum:
		if l := rec.Labels[f.Name]; l != "" {
			return l
		}
		return u.ui.T(r, t.EnumLabelKey(f.Name, formValue(f, v)))
	case records.Dict:
		if l := rec.Labels[f.Name]; l != "" {
			return l
		}
		if it, ok := dc.item(f.Dict, formValue(f, v)); ok {
			return it.Label
		}
	case records.Tags:
		var names []string
		for _, code := range tagValues(v) {
			if it, ok := dc.item(f.Dict, code); ok {
				names = append(names, it.Label)
			} else {
				names = append(names, code)
			}
		}
		return strings.Join(names, u.ui.T(r, "recordui.list_sep"))
	case records.Ref, records.User:
		if l := rec.Labels[f.Name]; l != "" {
			return l
		}
	case records.Bool:
		if b, _ := v.(bool); b {
			return u.ui.T(r, "recordui.yes")
		}
		return u.ui.T(r, "recordui.no")
	case records.Int:
		if n, ok := v.(int64); ok {
			return i18n.FormatInt(lang(r), n)
		}
	case records.Decimal:
		if a, ok := v.(money.Amount); ok {
			return groupDecimal(lang(r), a)
		}
	}
	if isDictItems(t) && f.Name == "dict" {
		return u.ui.T(r, dictLabel(u.reg, formValue(f, v)))
	}
	return formValue(f, v)
}

// displayValue is the text of a field by name (read-only controls).
func (u *UI) displayValue(r *http.Request, t *records.Type, rec *records.Record, name string) string {
	f, ok := t.Field(name)
	if !ok {
		return ""
	}
	return u.text(r, t, f, *rec, u.dicts(r))
}

// title is the heading of a record: its name (a built-in dictionary item
// has none and shows its catalog label).
func (u *UI) title(r *http.Request, t *records.Type, rec records.Record) string {
	if n := rec.Name(t); n != "" {
		return n
	}
	if isDictItems(t) {
		return u.ui.T(r, records.DictItemLabelKey(rec.String("dict"), rec.String("code")))
	}
	if c := codeOf(t, rec); c != "" {
		return c
	}
	return "#" + idString(rec.ID)
}
