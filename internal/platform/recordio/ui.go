package recordio

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/recordapi"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

const importPage = "recordio/import.html"

// RegisterUI adds the import pages and the export download of every
// registered Type under /md/<path>: GET import (upload form and template
// links), POST import (upload → mapping and dry-run report), POST
// import/check (again, with the mapping changed), POST import/commit, GET
// import/job?id= (progress of a large file, polled by htmx), GET
// import/template?format=, GET export?format=&<list filters>.
func RegisterUI(srv *web.Server, s *Service) {
	for _, t := range s.rec.Registry().Types() {
		u := &ui{s: s, srv: srv, t: t, base: "/md/" + t.Path}
		create := tenant.P(t.Module, tenant.Create)
		srv.Handle("GET "+u.base+"/import", web.Perm, create, u.form)
		srv.Handle("POST "+u.base+"/import", web.Perm, create, u.upload)
		srv.Handle("POST "+u.base+"/import/check", web.Perm, create, u.check)
		srv.Handle("POST "+u.base+"/import/commit", web.Perm, create, u.commit)
		srv.Handle("GET "+u.base+"/import/job", web.Perm, create, u.job)
		srv.Handle("GET "+u.base+"/import/template", web.Perm, create, u.template)
		srv.Handle("GET "+u.base+"/export", web.Perm, tenant.P(t.Module, tenant.Export), u.export)
	}
}

type ui struct {
	s    *Service
	srv  *web.Server
	t    *records.Type
	base string
}

// view is what the import page shows at each step.
type view struct {
	Plural  string // catalog key of the type's plural
	Base    string // /md/<path>
	Step    string // upload, check, done, job
	Alert   string
	Result  *Result
	Job     *jobs.View
	Percent int
	Fields  []fieldChoice
	// CanCommit: the dry run found nothing blocking.
	CanCommit bool
	MaxRows   int
}

type fieldChoice struct {
	Key, Label string
}

func (u *ui) view(r *http.Request, step string) *view {
	lang := web.LangFrom(r.Context())
	v := &view{Plural: u.t.Plural, Base: u.base, Step: step, MaxRows: importer.MaxRows}
	if v.Plural == "" {
		v.Plural = u.t.Key + ".title"
	}
	for _, c := range Schema(u.t) {
		v.Fields = append(v.Fields, fieldChoice{Key: c.Key, Label: u.srv.Cat.T(lang, c.Header, nil)})
	}
	return v
}

func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, v *view) {
	d := web.PageData{Title: v.Plural, Active: u.menuKey(), Data: v}
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "import-job" {
		u.srv.Render.Fragment(w, r, status, importPage, "import-job", d)
		return
	}
	u.srv.Render.Page(w, r, status, importPage, d)
}

// menuKey is the list's menu entry (a child type's parent list).
func (u *ui) menuKey() string {
	if u.t.Of != "" {
		if f, ok := u.t.Field(u.t.Of); ok {
			return "md-" + f.Ref
		}
	}
	return "md-" + u.t.Key
}

func (u *ui) form(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, http.StatusOK, u.view(r, "upload"))
}

// upload keeps the file and runs the first dry run with the remembered
// mapping.
func (u *ui) upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, importer.MaxBytes+1<<20)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			u.alert(w, r, &errs.Error{Kind: errs.KindInvalid, Code: "import.too_large", Data: map[string]any{"Max": importer.MaxBytes >> 20}})
			return
		}
		u.alert(w, r, errs.Invalid(errs.Field("file", "field.required")))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxBytes+1))
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if int64(len(data)) > importer.MaxBytes {
		u.alert(w, r, &errs.Error{Kind: errs.KindInvalid, Code: "import.too_large", Data: map[string]any{"Max": importer.MaxBytes >> 20}})
		return
	}
	up := Upload{Filename: hdr.Filename, Data: data}
	id, err := u.s.stash(r.Context(), web.ScopeFrom(r.Context()), u.t, up)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.run(w, r, up, Options{DryRun: true, upload: id})
}

// alert shows the upload form again with an error about the file.
func (u *ui) alert(w http.ResponseWriter, r *http.Request, err error) {
	p := web.NewProblem(u.srv.Cat, web.LangFrom(r.Context()), web.RequestIDFrom(r.Context()), err)
	if p.Status >= 500 || p.Status == http.StatusForbidden || p.Status == http.StatusNotFound {
		u.srv.Fail(w, r, err)
		return
	}
	v := u.view(r, "upload")
	v.Alert = p.Detail
	if len(p.Errors) > 0 {
		v.Alert = p.Errors[0].Message
	}
	u.render(w, r, http.StatusUnprocessableEntity, v)
}

// stashedRun reads the kept file and the mapping the form posts.
func (u *ui) stashedRun(w http.ResponseWriter, r *http.Request, dry bool) {
	id, _ := strconv.ParseInt(r.PostFormValue("upload"), 10, 64)
	sc := web.ScopeFrom(r.Context())
	up, err := u.s.stashed(r.Context(), sc, u.t, id)
	if err != nil {
		u.alert(w, r, err)
		return
	}
	mapping := map[string]string{}
	headers, fields := r.PostForm["header"], r.PostForm["field"]
	for i, h := range headers {
		if i < len(fields) {
			mapping[h] = fields[i]
		}
	}
	u.run(w, r, up, Options{DryRun: dry, Mapping: mapping, upload: id})
}

func (u *ui) check(w http.ResponseWriter, r *http.Request)  { u.stashedRun(w, r, true) }
func (u *ui) commit(w http.ResponseWriter, r *http.Request) { u.stashedRun(w, r, false) }

// run imports (or checks) and shows the report, or the progress of the job
// a large file becomes.
func (u *ui) run(w http.ResponseWriter, r *http.Request, up Upload, opt Options) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	opt.Lang = web.LangFrom(ctx)
	res, j, err := u.s.Import(ctx, sc, u.t, up, opt)
	if j != nil {
		v := u.view(r, "job")
		jv := jobs.ViewOf(u.srv.Cat, opt.Lang, *j)
		v.Job = &jv
		u.render(w, r, http.StatusAccepted, v)
		return
	}
	if err != nil && res.Type == "" {
		// Nothing ran: not a readable file (then it is not kept), or a
		// mapping naming no field.
		if e, ok := errs.As(err); ok && e.Code != "validation" && opt.upload != 0 {
			if derr := u.s.dropStash(ctx, sc, opt.upload); derr != nil {
				u.srv.Fail(w, r, derr)
				return
			}
		}
		u.alert(w, r, err)
		return
	}
	if err != nil && errs.KindOf(err) != errs.KindInvalid {
		u.srv.Fail(w, r, err)
		return
	}
	u.show(w, r, &res)
}

// show renders a finished run: the mapping and report of a dry run, or
// what a commit did.
func (u *ui) show(w http.ResponseWriter, r *http.Request, res *Result) {
	v := u.view(r, "check")
	v.Result = res
	v.CanCommit = res.Errors == 0
	if res.Committed {
		v.Step = "done"
		if res.UploadID != 0 {
			if err := u.s.dropStash(r.Context(), web.ScopeFrom(r.Context()), res.UploadID); err != nil {
				u.srv.Fail(w, r, err)
				return
			}
		}
	}
	status := http.StatusOK
	if res.Errors > 0 {
		status = http.StatusUnprocessableEntity
	}
	u.render(w, r, status, v)
}

// job shows a queued import's progress, or its report once it finished.
func (u *ui) job(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	ctx := r.Context()
	if u.s.jobs == nil {
		u.srv.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	j, err := u.s.jobs.Get(ctx, web.ScopeFrom(ctx), id)
	if err == nil && j.Kind != JobKind {
		err = errs.NotFound("not_found")
	}
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if j.Finished() {
		var res Result
		if len(j.Result) > 0 && json.Unmarshal(j.Result, &res) == nil && res.Type == u.t.Key {
			u.show(w, r, &res)
			return
		}
		u.srv.Fail(w, r, &errs.Error{Kind: errs.KindConflict, Code: j.ErrorCode})
		return
	}
	v := u.view(r, "job")
	jv := jobs.ViewOf(u.srv.Cat, web.LangFrom(ctx), j)
	v.Job = &jv
	if j.Total > 0 {
		v.Percent = j.Done * 100 / j.Total
	}
	u.render(w, r, http.StatusOK, v)
}

func (u *ui) template(w http.ResponseWriter, r *http.Request) {
	format, err := formatOf(r.URL.Query())
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", importer.ContentType(format))
	w.Header().Set("Content-Disposition", attachment(Filename(u.t, "template", format)))
	if err := u.s.Template(w, u.t, format, web.LangFrom(r.Context())); err != nil {
		u.srv.Fail(w, r, err)
	}
}

// export streams the list as filtered on its page; parameters the list
// page carries that are no filter (column choice…) are left out.
func (u *ui) export(w http.ResponseWriter, r *http.Request) {
	qs := r.URL.Query()
	format, err := formatOf(qs)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	keep := map[string]bool{"q": true, "sort": true}
	for _, n := range recordapi.FilterNames(u.t) {
		keep[n] = true
	}
	for k := range qs {
		if !keep[k] {
			qs.Del(k)
		}
	}
	lq, err := recordapi.ListQuery(u.t, qs)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	lw := &lazyWriter{w: w, start: func() {
		w.Header().Set("Content-Type", importer.ContentType(format))
		w.Header().Set("Content-Disposition", attachment(Filename(u.t, "export", format)))
	}}
	u.s.stream(r.Context(), lw, u.t, lq, format, func(err error) { u.srv.Fail(w, r, err) })
}
