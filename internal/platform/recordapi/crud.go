package recordapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// listIn takes the whole query string: a Type's filters are known only at
// run time (ListQuery checks them).
type listIn struct{ query url.Values }

func (in *listIn) Resolve(ctx huma.Context) []error {
	u := ctx.URL()
	in.query = u.Query()
	return nil
}

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type createIn struct {
	RawBody []byte `contentType:"application/json"`
}

type patchIn struct {
	ID      int64  `path:"id" minimum:"1"`
	RawBody []byte `contentType:"application/json"`
}

type deleteIn struct {
	ID      int64 `path:"id" minimum:"1"`
	Version int   `query:"version" required:"true" minimum:"1" doc:"The version last read; 409 when the record changed since"`
}

// rawOut is a body already encoded as the Type's schema says.
type rawOut struct {
	Body json.RawMessage
}

type createdOut struct {
	Location string `header:"Location"`
	Body     json.RawMessage
}

// duplicateCheck names the duplicates answer's schema ("DuplicateCheck").
type duplicateCheck struct {
	Warnings []records.Warning `json:"warnings"`
}

type warningsOut struct {
	Body duplicateCheck
}

// listBody is a page as API.md describes it, plus the capped total.
type listBody struct {
	Items       []json.RawMessage `json:"items"`
	NextCursor  *string           `json:"next_cursor"`
	Total       int               `json:"total"`
	TotalCapped bool              `json:"total_capped"`
}

func (h *handlers) crud(t *records.Type, n schemaNames) {
	tags := []string{t.Path}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(t.Module, a) }
	path, item := base(t), base(t)+"/{id}"

	web.Op(h.api, huma.Operation{OperationID: opID("list", t, true), Method: http.MethodGet, Path: path, Tags: tags,
		Summary: "List " + t.Path, Parameters: listParams(t),
		Description: "Unknown query parameters are refused (422). total counts at most " + strconv.Itoa(records.CountCap+1) + " records.",
		Responses:   jsonResponse("200", "One page", ref(n.List))},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *listIn) (*rawOut, error) {
			lq, err := ListQuery(t, in.query)
			if err != nil {
				return nil, err
			}
			return h.list(ctx, t, lq)
		})

	web.Op(h.api, huma.Operation{OperationID: opID("get", t, false), Method: http.MethodGet, Path: item, Tags: tags,
		Summary: "Get a record of " + t.Path, Responses: jsonResponse("200", "The record", ref(n.Record))},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *idIn) (*rawOut, error) {
			r, err := h.svc.Get(ctx, web.ScopeFrom(ctx), t, in.ID)
			if err != nil {
				return nil, err
			}
			return h.out(ctx, r)
		})

	web.Op(h.api, huma.Operation{OperationID: opID("create", t, false), Method: http.MethodPost, Path: path, Tags: tags,
		Summary: "Create a record of " + t.Path, DefaultStatus: http.StatusCreated, MaxBodyBytes: maxJSON, SkipValidateBody: true,
		Description: "Answers the record with \"warnings\" when a possible duplicate exists (a warning, not a refusal).",
		Responses:   jsonResponse("201", "The new record", ref(n.Record))},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *createIn) (*createdOut, error) {
			d, err := decodeInput(t, in.RawBody, createBody)
			if err != nil {
				return nil, err
			}
			r, err := h.svc.Create(ctx, web.ScopeFrom(ctx), t, d.In)
			if err != nil {
				return nil, err
			}
			o, err := h.out(ctx, r)
			if err != nil {
				return nil, err
			}
			return &createdOut{Location: path + "/" + strconv.FormatInt(r.ID, 10), Body: o.Body}, nil
		})
	h.jsonBody(http.MethodPost, path, n.Input)

	web.Op(h.api, huma.Operation{OperationID: opID("update", t, false), Method: http.MethodPatch, Path: item, Tags: tags,
		Summary: "Edit a record of " + t.Path, MaxBodyBytes: maxJSON, SkipValidateBody: true,
		Description: "Send the fields to change and the version you last read; 409 when it changed since.",
		Responses:   jsonResponse("200", "The record", ref(n.Record))},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *patchIn) (*rawOut, error) {
			d, err := decodeInput(t, in.RawBody, patchBody)
			if err != nil {
				return nil, err
			}
			r, err := h.svc.Update(ctx, web.ScopeFrom(ctx), t, in.ID, d.Version, d.In)
			if err != nil {
				return nil, err
			}
			return h.out(ctx, r)
		})
	h.jsonBody(http.MethodPatch, item, n.Patch)

	// Dictionary items are deactivated, never deleted (their module has no
	// delete action).
	if t.Key != records.DictItems.Key {
		web.Op(h.api, huma.Operation{OperationID: opID("delete", t, false), Method: http.MethodDelete, Path: item, Tags: tags,
			Summary: "Delete a record of " + t.Path, DefaultStatus: http.StatusNoContent,
			Description: "409 when the record changed since the version given, or when another record refers to it (with the reason)."},
			web.Perm, perm(tenant.Delete), func(ctx context.Context, in *deleteIn) (*struct{}, error) {
				return nil, h.svc.Delete(ctx, web.ScopeFrom(ctx), t, in.ID, in.Version)
			})
	}
}

// duplicates is the form's live check, for types with Duplicate fields.
func (h *handlers) duplicates(t *records.Type, n schemaNames) {
	tags, path := []string{t.Path}, base(t)
	web.Op(h.api, huma.Operation{OperationID: opID("check-duplicates", t, true), Method: http.MethodPost, Path: path + "/duplicates",
		Tags: tags, Summary: "Possible duplicates of " + t.Path + " (the form's live check)", MaxBodyBytes: maxJSON, SkipValidateBody: true,
		Description: "Send the form's field values, and \"id\" when editing a record; nothing is saved."},
		web.Perm, tenant.P(t.Module, tenant.View), func(ctx context.Context, in *createIn) (*warningsOut, error) {
			d, err := decodeInput(t, in.RawBody, checkBody)
			if err != nil {
				return nil, err
			}
			ws, err := h.svc.Duplicates(ctx, web.ScopeFrom(ctx), t, d.In, d.ID)
			if err != nil {
				return nil, err
			}
			out := &warningsOut{}
			out.Body.Warnings = translate(h.srv.Cat, web.LangFrom(ctx), ws)
			return out, nil
		})
	dup := h.documented(http.MethodPost, path+"/duplicates")
	dup.RequestBody.Content = map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Type: huma.TypeObject,
		Description: "Field values as for " + n.Input + " (none required), and the id of the record being edited",
		Properties:  map[string]*huma.Schema{"id": idSchema("The record being edited", true)}}}}
}

func (h *handlers) list(ctx context.Context, t *records.Type, lq list.Query) (*rawOut, error) {
	p, err := h.svc.List(ctx, web.ScopeFrom(ctx), t, lq)
	if err != nil {
		return nil, err
	}
	body := listBody{Items: make([]json.RawMessage, 0, len(p.Items)), Total: p.Total, TotalCapped: records.TotalCapped(p.Total)}
	if p.NextCursor != "" {
		body.NextCursor = &p.NextCursor
	}
	lang := web.LangFrom(ctx)
	for _, r := range p.Items {
		j, err := recordJSON(h.srv.Cat, lang, r)
		if err != nil {
			return nil, err
		}
		body.Items = append(body.Items, j)
	}
	b, err := json.Marshal(body)
	return &rawOut{Body: b}, err
}

func (h *handlers) out(ctx context.Context, r records.Record) (*rawOut, error) {
	j, err := recordJSON(h.srv.Cat, web.LangFrom(ctx), r)
	if err != nil {
		return nil, err
	}
	return &rawOut{Body: j}, nil
}
