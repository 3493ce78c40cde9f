package recordio

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/recordapi"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// RegisterAPI adds, for every registered Type, POST /api/v1/<path>/import,
// GET /api/v1/<path>/export and GET /api/v1/<path>/import-template. The
// job an import may become is read at GET /api/v1/jobs/{id}
// (jobs.RegisterAPI).
func RegisterAPI(api *web.API, srv *web.Server, s *Service) {
	reg := api.OpenAPI().Components.Schemas
	reg.Schema(reflect.TypeOf(Result{}), true, "ImportResult")
	reg.Schema(reflect.TypeOf(jobs.View{}), true, "Job")
	for _, t := range s.rec.Registry().Types() {
		s.importOp(api, srv, t)
		s.exportOp(api, srv, t)
		s.templateOp(api, t)
	}
}

type importIn struct {
	DryRun      bool   `query:"dry_run" doc:"Check every row and write nothing"`
	Mapping     string `query:"mapping" doc:"JSON object: file header → field name (\"\" ignores the column); headers left out are matched as last time, then by their text"`
	Filename    string `query:"filename" doc:"The file's name, when the body is the raw file"`
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"text/csv"`
}

type importOut struct {
	Status   int
	Location string `header:"Location"`
	Body     any
}

func jsonContent(name string) map[string]*huma.MediaType {
	return map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Ref: "#/components/schemas/" + name}}}
}

func (s *Service) importOp(api *web.API, srv *web.Server, t *records.Type) {
	binary := &huma.Schema{Type: huma.TypeString, Format: "binary"}
	web.Op(api, huma.Operation{OperationID: "import-" + t.Path, Method: http.MethodPost, Path: "/api/v1/" + t.Path + "/import",
		Tags: []string{t.Path}, Summary: "Import " + t.Path + " from CSV or XLSX",
		Description: "The file is the multipart field \"file\" (with optional fields \"mapping\" and \"dry_run\") or the raw body " +
			"(text/csv or the XLSX type). A row whose code exists updates that record (version not checked), any other row " +
			"creates one. All rows are written or none: 422 lists every row/field problem. Files over " + strconv.Itoa(SyncMax) +
			" rows answer 202 with the job (Location /api/v1/jobs/{id}); its result is the same report.",
		MaxBodyBytes: importer.MaxBytes + 1<<20,
		// The body is a file, read raw: huma must not try to decode the
		// documented multipart object.
		SkipValidateBody: true,
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"multipart/form-data": {Schema: &huma.Schema{Type: huma.TypeObject, Properties: map[string]*huma.Schema{
				"file": binary, "mapping": {Type: huma.TypeString}, "dry_run": {Type: huma.TypeBoolean}}}},
			xlsxType: {Schema: binary},
		}},
		Responses: map[string]*huma.Response{
			"200": {Description: "Committed, or a dry run without problems", Content: jsonContent("ImportResult")},
			"202": {Description: "Queued as a job", Content: jsonContent("Job")},
		}},
		web.Perm, tenant.P(t.Module, tenant.Create), func(ctx context.Context, in *importIn) (*importOut, error) {
			up, opt, err := decodeImport(in)
			if err != nil {
				return nil, err
			}
			opt.Lang = web.LangFrom(ctx)
			res, j, err := s.Import(ctx, web.ScopeFrom(ctx), t, up, opt)
			if err != nil {
				return nil, err
			}
			if j != nil {
				return &importOut{Status: http.StatusAccepted, Location: "/api/v1/jobs/" + strconv.FormatInt(j.ID, 10),
					Body: jobs.ViewOf(srv.Cat, opt.Lang, *j)}, nil
			}
			return &importOut{Status: http.StatusOK, Body: res}, nil
		})
}

// decodeImport reads the upload: a multipart form or the raw file.
func decodeImport(in *importIn) (Upload, Options, error) {
	opt := Options{DryRun: in.DryRun}
	mapping := in.Mapping
	up := Upload{Filename: in.Filename, Data: in.RawBody}
	mt, params, _ := mime.ParseMediaType(in.ContentType)
	switch mt {
	case "multipart/form-data":
		up = Upload{}
		mr := multipart.NewReader(bytes.NewReader(in.RawBody), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return up, opt, errs.BadRequest("bad_request")
			}
			b, err := io.ReadAll(p)
			if err != nil {
				return up, opt, errs.BadRequest("bad_request")
			}
			switch p.FormName() {
			case "file":
				up.Filename, up.Data = p.FileName(), b
			case "mapping":
				mapping = string(b)
			case "dry_run":
				opt.DryRun = opt.DryRun || string(b) == "true" || string(b) == "1"
			}
		}
		if up.Data == nil {
			return up, opt, errs.Invalid(errs.Field("file", "field.required"))
		}
	case xlsxType:
		if up.Filename == "" {
			up.Filename = "upload.xlsx"
		}
	default:
		if up.Filename == "" {
			up.Filename = "upload.csv"
		}
	}
	if strings.TrimSpace(mapping) != "" {
		if err := json.Unmarshal([]byte(mapping), &opt.Mapping); err != nil {
			return up, opt, errs.Invalid(errs.Field("mapping", "field.invalid"))
		}
	}
	return up, opt, nil
}

// queryIn takes the whole query string: a Type's filters are known only
// at run time (recordapi.ListQuery checks them).
type queryIn struct{ query url.Values }

func (in *queryIn) Resolve(ctx huma.Context) []error {
	u := ctx.URL()
	in.query = u.Query()
	return nil
}

func formatOf(v url.Values) (string, error) {
	switch f := v.Get("format"); f {
	case "", "csv":
		return "csv", nil
	case "xlsx":
		return f, nil
	}
	return "", errs.Invalid(errs.Field("format", "field.invalid"))
}

func fileResponses(desc string) map[string]*huma.Response {
	binary := &huma.Schema{Type: huma.TypeString, Format: "binary"}
	return map[string]*huma.Response{"200": {Description: desc, Content: map[string]*huma.MediaType{
		"text/csv": {Schema: binary}, xlsxType: {Schema: binary}}}}
}

func (s *Service) exportOp(api *web.API, srv *web.Server, t *records.Type) {
	str := &huma.Schema{Type: huma.TypeString}
	params := []*huma.Param{
		{Name: "format", In: "query", Schema: &huma.Schema{Type: huma.TypeString, Enum: []any{"csv", "xlsx"}}, Description: "csv (default) or xlsx"},
		{Name: "q", In: "query", Schema: str, Description: "Fuzzy search, as the list"},
		{Name: "sort", In: "query", Schema: str, Description: "As the list"},
	}
	for _, n := range recordapi.FilterNames(t) {
		params = append(params, &huma.Param{Name: n, In: "query", Schema: str, Description: "Filter, as the list"})
	}
	web.Op(api, huma.Operation{OperationID: "export-" + t.Path, Method: http.MethodGet, Path: "/api/v1/" + t.Path + "/export",
		Tags: []string{t.Path}, Summary: "Export the filtered " + t.Path + " as CSV or XLSX", Parameters: params,
		Description: "Every record the list filters select (within the caller's data scope), streamed, with the import " +
			"template's columns so the file imports back.",
		Responses: fileResponses("The file")},
		web.Perm, tenant.P(t.Module, tenant.Export), func(ctx context.Context, in *queryIn) (*huma.StreamResponse, error) {
			format, err := formatOf(in.query)
			if err != nil {
				return nil, err
			}
			lq, err := recordapi.ListQuery(t, in.query, "format")
			if err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hctx huma.Context) {
				lw := &lazyWriter{w: hctx.BodyWriter(), start: func() {
					hctx.SetHeader("Content-Type", importer.ContentType(format))
					hctx.SetHeader("Content-Disposition", attachment(Filename(t, "export", format)))
					hctx.SetStatus(http.StatusOK)
				}}
				s.stream(ctx, lw, t, lq, format, func(err error) {
					p := web.NewProblem(srv.Cat, web.LangFrom(ctx), web.RequestIDFrom(ctx), err)
					hctx.SetHeader("Content-Type", "application/problem+json")
					hctx.SetStatus(p.Status)
					_ = json.NewEncoder(hctx.BodyWriter()).Encode(p)
				})
			}}, nil
		})
}

// stream runs an export into lw; an error before the first byte left is
// answered as a problem, a later one only logged (the status is sent).
func (s *Service) stream(ctx context.Context, lw *lazyWriter, t *records.Type, lq list.Query, format string, fail func(error)) {
	err := s.Export(ctx, lw, web.ScopeFrom(ctx), t, lq, format, web.LangFrom(ctx))
	if err == nil {
		err = lw.Close()
	}
	if err == nil {
		return
	}
	if !lw.started {
		fail(err)
		return
	}
	slog.Error("export broke off", "type", t.Key, "request_id", web.RequestIDFrom(ctx), "err", err)
}

func attachment(name string) string { return fmt.Sprintf(`attachment; filename="%s"`, name) }

// lazyWriter holds the first bytes of a download back, so an export that
// fails at once (a bad filter) can still answer with a problem.
type lazyWriter struct {
	w       io.Writer
	start   func()
	buf     []byte
	started bool
}

const lazyHold = 32 << 10

func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.started {
		return l.w.Write(p)
	}
	l.buf = append(l.buf, p...)
	if len(l.buf) >= lazyHold {
		return len(p), l.flush()
	}
	return len(p), nil
}

func (l *lazyWriter) flush() error {
	l.started = true
	l.start()
	_, err := l.w.Write(l.buf)
	l.buf = nil
	return err
}

// Close sends what is held back (a small file fits in it entirely).
func (l *lazyWriter) Close() error {
	if l.started {
		return nil
	}
	return l.flush()
}

type templateIn struct {
	Format string `query:"format" enum:"csv,xlsx," default:"csv"`
}

type fileOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (s *Service) templateOp(api *web.API, t *records.Type) {
	web.Op(api, huma.Operation{OperationID: "import-template-" + t.Path, Method: http.MethodGet,
		Path: "/api/v1/" + t.Path + "/import-template", Tags: []string{t.Path},
		Summary:   "The import template of " + t.Path + " (headers in the caller's language, an example row)",
		Responses: fileResponses("The template")},
		web.Perm, tenant.P(t.Module, tenant.Create), func(ctx context.Context, in *templateIn) (*fileOut, error) {
			var buf bytes.Buffer
			if err := s.Template(&buf, t, in.Format, web.LangFrom(ctx)); err != nil {
				return nil, err
			}
			return &fileOut{ContentType: importer.ContentType(in.Format), ContentDisposition: attachment(Filename(t, "template", in.Format)),
				Body: buf.Bytes()}, nil
		})
}
