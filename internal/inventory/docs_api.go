package inventory

import (
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
)

// The stock documents' JSON: quantities as decimal strings in base units.

type lineIn struct {
	ProductID int64  `json:"product_id" minimum:"1"`
	Qty       string `json:"qty" pattern:"^-?[0-9]+(\\.[0-9]{1,4})?$" doc:"A decimal string in base units; an adjustment's is signed (+ in, − out)"`
}

type lineView struct {
	ID        int64        `json:"id"`
	LineNo    int          `json:"line_no"`
	ProductID int64        `json:"product_id"`
	Qty       money.Amount `json:"qty"`
}

// linesOf converts entered lines; a quantity with more than four decimals
// is a field error.
func linesOf(in []lineIn) ([]LineInput, error) {
	out := make([]LineInput, len(in))
	var c errs.Collector
	for i, l := range in {
		q, err := parseQty(l.Qty)
		if err != nil {
			c.Add(fmt.Sprintf("lines[%d].qty", i), "field.invalid")
		}
		out[i] = LineInput{ProductID: l.ProductID, Qty: q}
	}
	return out, c.Err()
}

func viewLines(ls []DocLine) []lineView {
	out := make([]lineView, len(ls))
	for i, l := range ls {
		out[i] = lineView{ID: l.ID, LineNo: l.LineNo, ProductID: l.ProductID, Qty: money.FromScaled(l.Qty)}
	}
	return out
}

// docListIn is a document list's filter and page.
type docListIn struct {
	Status string `query:"status" doc:"Only documents in this status"`
	Before int64  `query:"before" doc:"Next page: the last row's id"`
	Limit  int    `query:"limit" doc:"At most 100 (the default)"`
}

func (in docListIn) query() DocQuery {
	return DocQuery{Status: in.Status, Before: in.Before, Limit: in.Limit}
}

// idIn is a document id in the path.
type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// actionIn is an action on a document at the version last read.
type actionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version" required:"true" doc:"The version you last read; 409 when it changed since"`
		Comment string `json:"comment,omitempty" doc:"A rejection's reason (adjustments)"`
	}
}

// parseQty reads a decimal quantity ("12.5", "-3") as a Qty.
func parseQty(s string) (Qty, error) {
	a, err := money.Parse(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return a.Scaled()
}
