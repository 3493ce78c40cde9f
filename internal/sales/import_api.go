package sales

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type salesImportOrderView struct {
	Ref    string       `json:"ref"`
	Row    int          `json:"row,omitempty" doc:"CSV/XLSX: the order's first row (the header is row 1)"`
	Lines  int          `json:"lines"`
	Status string       `json:"status" enum:"new,created,already_imported,invalid" doc:"new: a commit would create it (dry run)"`
	ID     int64        `json:"id,omitempty" doc:"The order created, or made by the earlier import"`
	Number string       `json:"number,omitempty"`
	Total  money.Amount `json:"total" doc:"As the order computes it (new and created orders)"`
}

type salesImportProblemView struct {
	Row     int    `json:"row,omitempty" doc:"CSV/XLSX: the file row (the header is row 1)"`
	Ref     string `json:"ref,omitempty" doc:"XML: the order's ref"`
	Line    int    `json:"line,omitempty" doc:"XML: the line's number in its order"`
	Field   string `json:"field,omitempty" doc:"The column"`
	Path    string `json:"path" doc:"rows[5].qty, orders[WEB-1].lines[2].qty or orders[WEB-1].customer"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Value   string `json:"value,omitempty"`
	Warn    bool   `json:"warn,omitempty" doc:"Does not block the import (an ignored column)"`
}

type salesImportResultView struct {
	Format          string                   `json:"format" enum:"csv,xlsx,xml"`
	Filename        string                   `json:"filename,omitempty"`
	DryRun          bool                     `json:"dry_run"`
	Committed       bool                     `json:"committed"`
	Rows            int                      `json:"rows" doc:"Order lines read"`
	Created         int                      `json:"created" doc:"Orders created (a dry run: that a commit would create)"`
	AlreadyImported int                      `json:"already_imported" doc:"Orders whose ref was imported before: left alone"`
	Orders          []salesImportOrderView   `json:"orders"`
	Problems        []salesImportProblemView `json:"problems"`
}

func viewImport(cat *i18n.Catalog, lang string, r ImportResult) salesImportResultView {
	v := salesImportResultView{Format: r.Format, Filename: r.Filename, DryRun: r.DryRun, Committed: r.Committed, Rows: r.Rows,
		Created: r.Created, AlreadyImported: r.AlreadyImported, Orders: []salesImportOrderView{}, Problems: []salesImportProblemView{}}
	for _, o := range r.Orders {
		v.Orders = append(v.Orders, salesImportOrderView{Ref: o.Ref, Row: o.Row, Lines: o.Lines, Status: o.Status, ID: o.ID,
			Number: o.Number, Total: money.FromScaled(o.Total)})
	}
	for _, p := range r.Problems {
		v.Problems = append(v.Problems, salesImportProblemView{Row: p.Row, Ref: p.Ref, Line: p.Line, Field: p.Field, Path: p.Path(),
			Code: p.Code, Message: cat.T(lang, p.Code, p.Params()), Value: p.Value, Warn: p.Warn})
	}
	return v
}

type salesImportIn struct {
	DryRun      bool   `query:"dry_run" doc:"Check every order exactly as the commit would and create nothing"`
	Filename    string `query:"filename" doc:"The file's name, when the body is the raw file"`
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"text/csv"`
}

type salesImportOut struct{ Body salesImportResultView }

type salesImportTemplateIn struct {
	Format string `query:"format" enum:"csv,xlsx," default:"csv"`
}

type salesImportTemplateOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// registerImportAPI adds POST /api/v1/sales-orders/import and the
// template download.
func registerImportAPI(api *web.API, srv *web.Server, svc *Service) {
	tags := []string{"sales-orders"}
	binary := &huma.Schema{Type: huma.TypeString, Format: "binary"}
	web.Op(api, huma.Operation{OperationID: "import-sales-orders", Method: http.MethodPost, Path: base + "/import", Tags: tags,
		Summary: "Import sales orders from CSV, XLSX or XML",
		Description: "The file is the multipart field \"file\" (with an optional field \"dry_run\") or the raw body (text/csv, the " +
			"XLSX type, or application/xml for the XML order format). CSV/XLSX: one row per order line, rows with the same " +
			"external_ref make one order. Orders are created as drafts (channel import) all together or not at all: 422 lists " +
			"every problem as rows[<row>].<column> or, for XML, orders[<ref>].lines[<n>].<attribute>. An external_ref imported " +
			"before is reported as already_imported and left alone.",
		MaxBodyBytes:     importer.MaxBytes + 1<<20,
		SkipValidateBody: true, // the body is a file, read raw
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"multipart/form-data": {Schema: &huma.Schema{Type: huma.TypeObject, Properties: map[string]*huma.Schema{
				"file": binary, "dry_run": {Type: huma.TypeBoolean}}}},
			"text/csv": {Schema: binary}, xlsxType: {Schema: binary}, "application/xml": {Schema: binary},
		}}},
		web.Perm, tenant.P(Module, tenant.Create), func(ctx context.Context, in *salesImportIn) (*salesImportOut, error) {
			f, dry, err := decodeImportBody(in)
			if err != nil {
				return nil, err
			}
			lang := web.LangFrom(ctx)
			res, err := svc.Import(ctx, web.ScopeFrom(ctx), f, ImportOptions{DryRun: dry, Lang: lang, Cat: srv.Cat})
			if err != nil {
				return nil, err
			}
			return &salesImportOut{Body: viewImport(srv.Cat, lang, res)}, nil
		})
	web.Op(api, huma.Operation{OperationID: "sales-orders-import-template", Method: http.MethodGet, Path: base + "/import-template",
		Tags: tags, Summary: "The order import template (headers in the caller's language, an example row)",
		Responses: map[string]*huma.Response{"200": {Description: "The template", Content: map[string]*huma.MediaType{
			"text/csv": {Schema: binary}, xlsxType: {Schema: binary}}}}},
		web.Perm, tenant.P(Module, tenant.Create), func(ctx context.Context, in *salesImportTemplateIn) (*salesImportTemplateOut, error) {
			var buf bytes.Buffer
			if err := importer.Template(ImportSchema, web.LangFrom(ctx), srv.Cat, in.Format, &buf); err != nil {
				return nil, err
			}
			return &salesImportTemplateOut{ContentType: importer.ContentType(in.Format), ContentDisposition: templateName(in.Format),
				Body: buf.Bytes()}, nil
		})
}

func templateName(format string) string {
	if format == "" {
		format = "csv"
	}
	return fmt.Sprintf(`attachment; filename="sales-orders-template-%s.%s"`, time.Now().Format("20060102"), format)
}

// decodeImportBody reads the upload: a multipart form or the raw file.
func decodeImportBody(in *salesImportIn) (ImportFile, bool, error) {
	dry := in.DryRun
	mt, params, _ := mime.ParseMediaType(in.ContentType)
	if mt != "multipart/form-data" {
		f := ImportFile{Filename: in.Filename, ContentType: mt, Data: in.RawBody}
		if len(f.Data) == 0 {
			return f, dry, errs.Invalid(errs.Field("file", "field.required"))
		}
		return f, dry, nil
	}
	var f ImportFile
	mr := multipart.NewReader(bytes.NewReader(in.RawBody), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return f, dry, errs.BadRequest("bad_request")
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return f, dry, errs.BadRequest("bad_request")
		}
		switch p.FormName() {
		case "file":
			f = ImportFile{Filename: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: b}
		case "dry_run":
			dry = dry || string(b) == "true" || string(b) == "1"
		}
	}
	if len(f.Data) == 0 {
		return f, dry, errs.Invalid(errs.Field("file", "field.required"))
	}
	return f, dry, nil
}
