package sales

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// RegisterImport adds the order import: its API operations and its page
// /sales/orders/import (upload → dry-run report → commit).
func RegisterImport(api *web.API, srv *web.Server, au *adminui.UI, svc *Service) {
	registerImportAPI(api, srv, svc)
	u := &ui{srv: srv, ui: au, svc: svc}
	create := tenant.P(Module, tenant.Create)
	srv.Handle("GET /sales/orders/import", web.Perm, create, u.importForm)
	srv.Handle("POST /sales/orders/import", web.Perm, create, u.importPost)
	srv.Handle("GET /sales/orders/import/template", web.Perm, create, u.importTemplate)
}

// carryMax bounds a checked file the report page keeps in a hidden field
// for its commit button; a larger one is uploaded again to commit.
const carryMax = 4 << 20

type importPage struct {
	MaxLines  int
	Alert     string
	Report    bool
	Result    ImportResult
	Summary   string
	Done      string
	Problems  []importProblemRow
	Orders    []importOrderRow
	Errors    int
	CanCommit bool
	Carry     string // the checked file, base64
	Filename  string
}

type importProblemRow struct {
	Row, Line          int
	Ref, Column, Value string
	Message            string
	Warn               bool
}

type importOrderRow struct {
	Ref, Status, Label, Badge, Number, Href, Total string
	Row, Lines                                     int
}

var importBadge = map[string]string{ImportNew: "info", ImportCreated: "ok", ImportAlreadyImported: "muted", ImportInvalid: "danger"}

func (u *ui) importForm(w http.ResponseWriter, r *http.Request) {
	u.importRender(w, r, http.StatusOK, &importPage{MaxLines: maxImportLines})
}

func (u *ui) importRender(w http.ResponseWriter, r *http.Request, status int, p *importPage) {
	u.ui.Page(w, r, status, "sales/import.html", "sales.import.title", "sales-orders", p)
}

// importPost checks (action "check") or imports (action "commit") the
// uploaded file, or the file a report page carried.
func (u *ui) importPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, importer.MaxBytes+1<<20)
	f, err := pageUpload(r)
	if err != nil {
		u.importAlert(w, r, err)
		return
	}
	dry := r.PostFormValue("action") != "commit"
	lang := web.LangFrom(r.Context())
	res, err := u.svc.Import(r.Context(), web.ScopeFrom(r.Context()), f, ImportOptions{DryRun: dry, Lang: lang, Cat: u.srv.Cat})
	if e, ok := errs.As(err); err != nil && (!ok || e.Code != "sales.import.rejected") {
		u.importAlert(w, r, err)
		return
	}
	p := u.importReport(r, res)
	if dry && err == nil && res.Created > 0 && len(f.Data) <= carryMax {
		p.CanCommit, p.Carry, p.Filename = true, base64.StdEncoding.EncodeToString(f.Data), f.Filename
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
	}
	u.importRender(w, r, status, p)
}

// pageUpload is the form's file, or the file the report carried.
func pageUpload(r *http.Request) (ImportFile, error) {
	file, hdr, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return ImportFile{}, &errs.Error{Kind: errs.KindInvalid, Code: "import.too_large", Data: map[string]any{"Max": importer.MaxBytes >> 20}}
	case err == nil:
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, importer.MaxBytes+1))
		if err != nil {
			return ImportFile{}, err
		}
		if int64(len(data)) > importer.MaxBytes {
			return ImportFile{}, &errs.Error{Kind: errs.KindInvalid, Code: "import.too_large", Data: map[string]any{"Max": importer.MaxBytes >> 20}}
		}
		return ImportFile{Filename: hdr.Filename, ContentType: hdr.Header.Get("Content-Type"), Data: data}, nil
	}
	if carry := r.PostFormValue("carry"); carry != "" {
		data, err := base64.StdEncoding.DecodeString(carry)
		if err == nil {
			return ImportFile{Filename: r.PostFormValue("filename"), Data: data}, nil
		}
	}
	return ImportFile{}, errs.Invalid(errs.Field("file", "field.required"))
}

// importAlert shows the upload form again with what is wrong with the file.
func (u *ui) importAlert(w http.ResponseWriter, r *http.Request, err error) {
	p := u.ui.Problem(r, err)
	if p.Status >= 500 || p.Status == http.StatusForbidden || p.Status == http.StatusNotFound {
		u.srv.Fail(w, r, err)
		return
	}
	page := &importPage{MaxLines: maxImportLines, Alert: p.Detail}
	if len(p.Errors) > 0 {
		page.Alert = p.Errors[0].Message
	}
	u.importRender(w, r, http.StatusUnprocessableEntity, page)
}

// importReport lays the result out: what happens to each order, then every
// problem with its place in the file and its reason.
func (u *ui) importReport(r *http.Request, res ImportResult) *importPage {
	p := &importPage{MaxLines: maxImportLines, Report: true, Result: res, Errors: res.Errors()}
	newOrders := 0
	for _, o := range res.Orders {
		row := importOrderRow{Ref: o.Ref, Row: o.Row, Lines: o.Lines, Status: o.Status, Label: u.ui.T(r, "sales.import.status."+o.Status),
			Badge: importBadge[o.Status], Number: o.Number}
		if o.ID != 0 {
			row.Href = fmt.Sprintf("/sales/orders/%d", o.ID)
		}
		if o.Status == ImportNew || o.Status == ImportCreated {
			row.Total = u.money(r, o.Total)
			newOrders++
		}
		p.Orders = append(p.Orders, row)
	}
	p.Summary = u.ui.T(r, "sales.import.summary", "Rows", res.Rows, "Orders", len(res.Orders), "New", newOrders, "Already", res.AlreadyImported)
	switch {
	case res.Committed && res.Created > 0:
		p.Done = u.ui.T(r, "sales.import.done", "Created", res.Created, "Already", res.AlreadyImported)
	case res.Errors() == 0 && newOrders == 0 && res.AlreadyImported > 0:
		p.Done = u.ui.T(r, "sales.import.nothing")
	}
	for _, pr := range res.Problems {
		col := ""
		if pr.Field != "" && pr.Field != "file" && pr.Field != "lines" {
			col = u.ui.T(r, "sales.import.col."+pr.Field)
		}
		var kv []any
		for k, v := range pr.Params() {
			kv = append(kv, k, v)
		}
		p.Problems = append(p.Problems, importProblemRow{Row: pr.Row, Line: pr.Line, Ref: pr.Ref, Column: col, Value: pr.Value,
			Message: u.ui.T(r, pr.Code, kv...), Warn: pr.Warn})
	}
	return p
}

// importTemplate downloads the template: headers in the user's language,
// required ones marked *, an example row.
func (u *ui) importTemplate(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	var buf bytes.Buffer
	if err := importer.Template(ImportSchema, web.LangFrom(r.Context()), u.srv.Cat, format, &buf); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", importer.ContentType(format))
	w.Header().Set("Content-Disposition", templateName(format))
	_, _ = w.Write(buf.Bytes())
}
