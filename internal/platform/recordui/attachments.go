package recordui

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// FilesView is a document's attachments as the "attachments" component
// draws them: thumbnails of images, a table of files, the upload form.
type FilesView struct {
	Base    string // the document's attachments URL
	Images  []fileView
	Files   []fileView
	CanEdit bool
	Alert   string // why the last upload failed
}

type fileView struct {
	records.Attachment
	Href string
	Size string
}

// FilePages serve one kind of document's attachments on its own page:
// upload, download and delete under Prefix/{id}/attachments, then back to
// the page (Back). Fail shows a refused upload on the page with the reason,
// like a form that failed.
type FilePages struct {
	Srv    *web.Server
	UI     *adminui.UI
	Files  records.Files
	Prefix string // the documents' pages: "/sales/orders"
	Back   func(id int64) string
	Fail   func(w http.ResponseWriter, r *http.Request, id int64, err error)
}

// Routes registers POST {page}/attachments, GET {page}/attachments/{att}
// and POST {page}/attachments/{att}/delete.
func (fp FilePages) Routes(view, edit tenant.Perm) {
	fp.Srv.Handle("POST "+fp.Prefix+"/{id}/attachments", web.Perm, edit, http.HandlerFunc(fp.upload))
	fp.Srv.Handle("GET "+fp.Prefix+"/{id}/attachments/{att}", web.Perm, view, http.HandlerFunc(fp.serve))
	fp.Srv.Handle("POST "+fp.Prefix+"/{id}/attachments/{att}/delete", web.Perm, edit, http.HandlerFunc(fp.remove))
}

// View is document id's files for its page.
func (fp FilePages) View(r *http.Request, id int64, canEdit bool) (*FilesView, error) {
	as, err := fp.Files.List(r.Context(), scope(r), id)
	if err != nil {
		return nil, err
	}
	v := &FilesView{Base: fp.Prefix + "/" + strconv.FormatInt(id, 10) + "/attachments", CanEdit: canEdit}
	for _, a := range as {
		f := fileView{Attachment: a, Href: v.Base + "/" + strconv.FormatInt(a.ID, 10), Size: fmtSize(a.Size)}
		if inlineImage(a.ContentType) {
			v.Images = append(v.Images, f)
		} else {
			v.Files = append(v.Files, f)
		}
	}
	return v, nil
}

// recordFiles are a record type's file pages (the record page's tab).
func (u *UI) recordFiles(t *records.Type) FilePages {
	return FilePages{Srv: u.srv, UI: u.ui, Files: u.svc.Files(t), Prefix: base(t),
		Back: func(id int64) string { return recordHref(t, id) + "?tab=attachments" },
		Fail: func(w http.ResponseWriter, r *http.Request, id int64, err error) {
			v, verr := u.recordView(withTab(r, "attachments"), t)
			if verr != nil || v.Files == nil {
				u.fail(w, r, err)
				return
			}
			v.Files.Alert = alertOf(u.ui.Problem(r, err))
			u.ui.Page(w, r, u.ui.Problem(r, err).Status, "records/record.html", label(t), u.menuKey(t), v)
		}}
}

func (u *UI) filesView(r *http.Request, t *records.Type, rec records.Record) (*FilesView, error) {
	return u.recordFiles(t).View(r, rec.ID, scope(r).Can(perm(t, tenant.Edit)))
}

// alertOf is a refused upload's message: its field's, else the problem's.
func alertOf(p *web.Problem) string {
	msg := p.Detail
	for _, fe := range p.Errors {
		msg = fe.Message
	}
	return msg
}

// inlineImage: raster images are shown in the page (thumbnails); anything
// else, SVG included, only downloads.
func inlineImage(ct string) bool {
	switch strings.ToLower(ct) {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return true
	}
	return false
}

func fmtSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return strconv.FormatInt(n, 10) + " B"
}

// upload stores an uploaded file (field "file") on the document.
func (fp FilePages) upload(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		fp.Srv.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, records.MaxAttachment+1<<20)
	if err := fp.store(r, id); err != nil {
		fp.Fail(w, r, id, err)
		return
	}
	fp.UI.SetFlash(w, "flash.attachment_added")
	adminui.Redirect(w, r, fp.Back(id))
}

func (fp FilePages) store(r *http.Request, id int64) error {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.Invalid(errs.Field("file", "recordui.attachment_too_large", "Max", records.MaxAttachment>>20))
		}
		return errs.Invalid(errs.Field("file", "recordui.attachment_missing"))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, records.MaxAttachment+1))
	if err != nil {
		return err
	}
	if len(data) > records.MaxAttachment {
		return errs.Invalid(errs.Field("file", "recordui.attachment_too_large", "Max", records.MaxAttachment>>20))
	}
	// The type is what the bytes are, not what the browser claims, so a
	// file named .png that is HTML is never shown inline.
	ct := http.DetectContentType(data)
	if ct == "application/octet-stream" || strings.HasPrefix(ct, "text/plain") || strings.HasPrefix(ct, "application/zip") {
		if claimed := hdr.Header.Get("Content-Type"); claimed != "" && !strings.HasPrefix(claimed, "image/") && !strings.Contains(claimed, "html") {
			ct = claimed
		}
	}
	_, err = fp.Files.Attach(r.Context(), scope(r), id, hdr.Filename, ct, data)
	return err
}

// serve sends a file: images inline (thumbnails), others as a download.
func (fp FilePages) serve(w http.ResponseWriter, r *http.Request) {
	id, ok1 := pathID(r, "id")
	att, ok2 := pathID(r, "att")
	if !ok1 || !ok2 {
		fp.Srv.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	a, data, err := fp.Files.Data(r.Context(), scope(r), id, att)
	if err != nil {
		fp.Srv.Fail(w, r, err)
		return
	}
	disp := "attachment"
	ct := a.ContentType
	if inlineImage(http.DetectContentType(data)) && inlineImage(ct) {
		disp = "inline"
	} else if ct == "" || strings.Contains(ct, "html") || strings.Contains(ct, "svg") || strings.Contains(ct, "xml") {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	// FormatMediaType writes filename*=utf-8''… for non-ASCII names.
	if cd := mime.FormatMediaType(disp, map[string]string{"filename": a.Filename}); cd != "" {
		disp = cd
	}
	w.Header().Set("Content-Disposition", disp)
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(data)
}

func (fp FilePages) remove(w http.ResponseWriter, r *http.Request) {
	id, ok1 := pathID(r, "id")
	att, ok2 := pathID(r, "att")
	if !ok1 || !ok2 {
		fp.Srv.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	if err := fp.Files.Delete(r.Context(), scope(r), id, att); err != nil {
		fp.Srv.Fail(w, r, err)
		return
	}
	fp.UI.SetFlash(w, "flash.attachment_deleted")
	adminui.Redirect(w, r, fp.Back(id))
}

// withTab is r asking for another tab (a POST re-rendering its page).
func withTab(r *http.Request, tab string) *http.Request {
	r2 := r.Clone(r.Context())
	q := r2.URL.Query()
	q.Set("tab", tab)
	r2.URL.RawQuery = q.Encode()
	return r2
}
