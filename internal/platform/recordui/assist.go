package recordui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Fragments that help while filling a form: the options of an
// autocomplete and the duplicate warning.

type optionView struct {
	Text string
	ID   int64
}

// optionLimit is how many matches an autocomplete offers.
const optionLimit = 20

// options answers an autocomplete with <option>s of the records matching
// q (the query parameter named by ?from=, the text box), or the first ones.
func (u *UI) options(w http.ResponseWriter, r *http.Request, t *records.Type) {
	qs := r.URL.Query()
	q := qs.Get("q")
	if from := qs.Get("from"); q == "" && from != "" {
		q = qs.Get(from)
	}
	q = strings.TrimSpace(q)
	var recs []records.Record
	var err error
	if q == "" {
		var p list.Page[records.Record]
		p, err = u.svc.List(r.Context(), scope(r), t, list.Query{Limit: optionLimit})
		recs = p.Items
	} else {
		recs, err = u.svc.Search(r.Context(), scope(r), t, q, optionLimit)
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	out := make([]optionView, 0, len(recs))
	for _, rec := range recs {
		out = append(out, optionView{Text: titleOf(t, rec), ID: rec.ID})
	}
	u.ui.Fragment(w, r, http.StatusOK, "records/new.html", "rec-options", out)
}

type warnView struct {
	Text string
	Href string
}

// duplicates answers the form's warning box: other records with the same
// value of a Duplicate field. A warning, never a block; a value that does
// not parse yet warns about nothing.
func (u *UI) duplicates(w http.ResponseWriter, r *http.Request, t *records.Type) {
	_ = r.ParseForm()
	in := records.Input{}
	for _, f := range t.Fields {
		if f.Duplicate {
			if vs, ok := r.PostForm[f.Name]; ok && len(vs) > 0 {
				in[f.Name] = strings.TrimSpace(vs[0])
			}
		}
	}
	except, _ := strconv.ParseInt(r.URL.Query().Get("except"), 10, 64)
	ws, err := u.svc.Duplicates(r.Context(), scope(r), t, in, except)
	if err != nil && errs.KindOf(err) != errs.KindInvalid {
		u.fail(w, r, err)
		return
	}
	var out []warnView
	for _, x := range ws {
		v := warnView{Text: x.Message}
		if v.Text == "" {
			v.Text = u.srv.Cat.T(web.LangFrom(r.Context()), x.Code, x.Data)
		}
		if id := dataID(x.Data); id > 0 {
			v.Href = recordHref(t, id)
		}
		out = append(out, v)
	}
	u.ui.Fragment(w, r, http.StatusOK, "records/new.html", "rec-dups", out)
}

// dataID reads the other record's id from a warning's data.
func dataID(d map[string]any) int64 {
	for _, k := range []string{"ID", "id"} {
		switch v := d[k].(type) {
		case int64:
			return v
		case int:
			return int64(v)
		case float64:
			return int64(v)
		case string:
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		case nil:
		default:
			n, _ := strconv.ParseInt(fmt.Sprint(v), 10, 64)
			return n
		}
	}
	return 0
}
