package recordapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type dictInfo struct {
	Key   string `json:"key"`
	Label string `json:"label" doc:"In the caller's language"`
	Tree  bool   `json:"tree" doc:"Items have parents (province → city → district)"`
}

type dictsOut struct {
	Body []dictInfo
}

type optionsIn struct {
	Dict     string `path:"dict" doc:"Dictionary key, e.g. customer_source"`
	Inactive bool   `query:"inactive" doc:"Include inactive items (to show a stored value)"`
}

type optionsOut struct {
	Body []records.DictOption
}

// dictionaries registers the read side every form needs: the options of
// a dictionary, for any signed-in user. Editing items goes through the
// DictItems Type's own endpoints (/api/v1/dictionaries).
func (h *handlers) dictionaries() {
	tags := []string{"dictionaries"}
	web.Op(h.api, huma.Operation{OperationID: "list-dictionary-definitions", Method: http.MethodGet, Path: optionsBase, Tags: tags,
		Summary: "The configurable lists (dictionaries)"},
		web.SignedIn, "", func(ctx context.Context, _ *struct{}) (*dictsOut, error) {
			lang := web.LangFrom(ctx)
			out := &dictsOut{Body: []dictInfo{}}
			for _, d := range h.svc.Registry().Dicts() {
				out.Body = append(out.Body, dictInfo{Key: d.Key, Label: h.srv.Cat.T(lang, d.LabelKey(), nil), Tree: d.Tree})
			}
			return out, nil
		})
	web.Op(h.api, huma.Operation{OperationID: "list-dictionary-options", Method: http.MethodGet, Path: optionsBase + "/{dict}", Tags: tags,
		Summary: "The items of a dictionary, in order, as a select shows them"},
		web.SignedIn, "", func(ctx context.Context, in *optionsIn) (*optionsOut, error) {
			if _, ok := h.svc.Registry().Dictionary(in.Dict); !ok {
				return nil, errs.NotFound("not_found")
			}
			opts, err := h.svc.DictOptions(ctx, web.ScopeFrom(ctx), in.Dict, in.Inactive)
			if opts == nil {
				opts = []records.DictOption{}
			}
			return &optionsOut{Body: opts}, err
		})
}
