// Package recordapi is the JSON API of every record Type (API.md): list,
// get, create, update, delete, the live duplicate check and attachments
// under /api/v1/<Type.Path>, and the options of every dictionary. One set
// of handlers serves all types; the OpenAPI document describes each type's
// record and input with schemas built from its fields (schema.go).
//
// Bodies are read raw and decoded into records.Input (numbers kept as
// json.Number), because a Type has no Go struct for huma to decode into;
// huma's body validation is off for them and the engine validates, so
// field errors carry the engine's codes and messages.
package recordapi

import (
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

const (
	apiBase = "/api/v1"
	// optionsBase is outside /api/v1/dictionaries, which is the DictItems
	// Type's own path (/api/v1/dictionaries/{id}).
	optionsBase = apiBase + "/dictionary-options"
	// maxJSON bounds a record body.
	maxJSON = 1 << 20
)

// Register adds the operations of every registered Type and the
// dictionary options to the API. srv gives the message catalog that
// translates warnings.
func Register(api *web.API, srv *web.Server, svc *records.Service) {
	h := &handlers{api: api, srv: srv, svc: svc}
	for _, t := range svc.Registry().Types() {
		h.register(t)
	}
	h.dictionaries()
}

type handlers struct {
	api *web.API
	srv *web.Server
	svc *records.Service
}

func (h *handlers) register(t *records.Type) {
	names := registerSchemas(h.api.OpenAPI().Components.Schemas, docs{cat: h.srv.Cat, types: h.svc.Registry()}, t)
	h.crud(t, names)
	for _, f := range t.Fields {
		if f.Duplicate {
			h.duplicates(t, names)
			break
		}
	}
	// Dictionary items are a configurable list, not documents with files.
	if t.Key != records.DictItems.Key {
		h.attachments(t)
	}
}

// documented is the operation as registered in the OpenAPI document, to
// put in what huma cannot derive from a Go type.
func (h *handlers) documented(method, path string) *huma.Operation {
	p := h.api.OpenAPI().Paths[path]
	if p == nil {
		panic("recordapi: operation not documented: " + method + " " + path)
	}
	switch method {
	case http.MethodGet:
		return p.Get
	case http.MethodPost:
		return p.Post
	case http.MethodPatch:
		return p.Patch
	case http.MethodDelete:
		return p.Delete
	}
	panic("recordapi: method " + method)
}

// jsonBody swaps the raw-body placeholder schema huma documents for the
// Type's own.
func (h *handlers) jsonBody(method, path, schema string) {
	op := h.documented(method, path)
	op.RequestBody.Content = map[string]*huma.MediaType{"application/json": {Schema: ref(schema)}}
}

// jsonResponse pre-sets a response schema before registration (huma keeps
// a schema that is already there).
func jsonResponse(status, desc string, s *huma.Schema) map[string]*huma.Response {
	return map[string]*huma.Response{status: {Description: desc,
		Content: map[string]*huma.MediaType{"application/json": {Schema: s}}}}
}

func base(t *records.Type) string { return apiBase + "/" + t.Path }

// opID is a Type's operation id: "list-price-lists", "get-price-list".
func opID(verb string, t *records.Type, plural bool) string {
	if plural {
		return verb + "-" + t.Path
	}
	parts := strings.Split(t.Path, "-")
	parts[len(parts)-1] = singular(parts[len(parts)-1])
	return verb + "-" + strings.Join(parts, "-")
}
