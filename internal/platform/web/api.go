package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// API is the JSON API: huma on the server's mux, so pages and API share one
// middleware chain, and the OpenAPI document is generated from the code.
type API struct {
	huma.API
	srv *Server
}

// NewAPI mounts huma on the server's mux. Its error constructors are
// replaced (huma keeps them in package variables) so that every error,
// including huma's own validation errors, is our localized problem+json.
func NewAPI(s *Server, version string) *API {
	cfg := huma.DefaultConfig("Taihe API", version)
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = ""     // huma's docs page loads JS from a CDN; we serve our own /api/docs
	cfg.CreateHooks = nil // otherwise every body gets a $schema field
	cfg.Info.Description = "Taihe JSON API. Conventions: see API.md (decimal strings for money, problem+json errors, cursor pagination)."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer"},
	}
	api := humago.New(s.mux, cfg)
	// huma's constructors are process-wide: set them once, and let them find
	// the latest server through an atomic pointer, so that building another
	// server (tests run several at once) never races with a request.
	problemServer.Store(s)
	setHumaErrors.Do(func() {
		huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, details ...error) huma.StatusError {
			return humaProblem(problemServer.Load(), hctx.Context(), status, msg, details)
		}
		huma.NewError = func(status int, msg string, details ...error) huma.StatusError {
			return humaProblem(problemServer.Load(), context.Background(), status, msg, details)
		}
	})
	a := &API{API: api, srv: s}
	api.UseMiddleware(a.guard)
	s.routes = append(s.routes,
		Route{Method: http.MethodGet, Path: "/api/openapi.json", Access: Public, API: true},
		Route{Method: http.MethodGet, Path: "/api/openapi.yaml", Access: Public, API: true},
		Route{Method: http.MethodGet, Path: "/api/openapi-3.0.json", Access: Public, API: true},
		Route{Method: http.MethodGet, Path: "/api/openapi-3.0.yaml", Access: Public, API: true},
	)
	return a
}

var (
	setHumaErrors sync.Once
	problemServer atomic.Pointer[Server]
)

// humaProblem turns huma's own errors (bad JSON, schema validation) into our
// problem shape with field paths and localized messages.
func humaProblem(s *Server, ctx context.Context, status int, msg string, details []error) huma.StatusError {
	lang := LangFrom(ctx)
	var fields []errs.FieldError
	for _, d := range details {
		if w, ok := d.(errWrap); ok {
			return w.p
		}
		ed, ok := d.(huma.ErrorDetailer)
		if !ok {
			continue
		}
		det := ed.ErrorDetail()
		field := strings.TrimPrefix(strings.TrimPrefix(det.Location, "body."), "body")
		field = strings.TrimPrefix(strings.TrimPrefix(field, "query."), "path.")
		code := "field.invalid"
		if strings.Contains(det.Message, "required") {
			code = "field.required"
			if i := strings.LastIndex(det.Message, "property "); i >= 0 && field == "" {
				field = strings.Fields(det.Message[i+len("property "):])[0]
			}
		}
		fields = append(fields, errs.Field(field, code))
	}
	var err error
	switch {
	case status == http.StatusBadRequest:
		// Malformed JSON or a missing body: 400, not a field error (API.md § Errors).
		err = errs.BadRequest("bad_request")
	case len(fields) > 0:
		err = errs.Invalid(fields...)
	case status == http.StatusUnprocessableEntity || status == http.StatusBadRequest:
		err = errs.BadRequest("bad_request")
	case status == http.StatusNotFound:
		err = errs.NotFound("not_found")
	case status == http.StatusRequestEntityTooLarge:
		err = &errs.Error{Kind: errs.KindBadRequest, Code: "too_large"}
	default:
		p := NewProblem(s.Cat, lang, RequestIDFrom(ctx), errs.BadRequest("bad_request"))
		p.Status = status
		p.Detail = msg
		return p
	}
	p := NewProblem(s.Cat, lang, RequestIDFrom(ctx), err)
	if status == http.StatusRequestEntityTooLarge {
		p.Status = status
	}
	return p
}

// Op registers an API operation with its access rule. The rule is kept in
// the operation's metadata, enforced by the API guard and listed in the
// server's route registry.
func Op[I, O any](a *API, op huma.Operation, acc Access, perm tenant.Perm, h func(context.Context, *I) (*O, error)) {
	if acc == Perm && perm == "" {
		panic("web: operation needs a permission: " + op.OperationID)
	}
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	rt := Route{Method: op.Method, Path: op.Path, Access: acc, Perm: perm, API: true}
	op.Metadata["route"] = rt
	if acc != Public {
		op.Security = []map[string][]string{{"bearer": {}}}
	}
	a.srv.routes = append(a.srv.routes, rt)
	huma.Register(a.API, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, NewProblem(a.srv.Cat, LangFrom(ctx), RequestIDFrom(ctx), err)
		}
		return out, nil
	})
}

// OpRestricted registers an operation that stays reachable while the caller
// must first enrol MFA or change an expired password.
func OpRestricted[I, O any](a *API, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata["restricted"] = true
	Op(a, op, SignedIn, "", h)
	a.srv.routes[len(a.srv.routes)-1].Restricted = true
}

func (a *API) guard(hctx huma.Context, next func(huma.Context)) {
	rt, ok := hctx.Operation().Metadata["route"].(Route)
	if !ok {
		next(hctx)
		return
	}
	rt.Restricted, _ = hctx.Operation().Metadata["restricted"].(bool)
	r, _ := humago.Unwrap(hctx)
	if err := a.srv.check(r, rt); err != nil {
		ctx := hctx.Context()
		p := NewProblem(a.srv.Cat, LangFrom(ctx), RequestIDFrom(ctx), err)
		_ = huma.WriteErr(a.API, hctx, p.Status, p.Detail, errWrap{p})
		return
	}
	next(hctx)
}

// errWrap carries an already-built problem through huma.WriteErr.
type errWrap struct{ p *Problem }

func (e errWrap) Error() string { return e.p.Error() }
