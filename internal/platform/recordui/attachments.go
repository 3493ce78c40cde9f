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
)

// filesView is the attachments tab.
type filesView struct {
	Base    string // the record's attachments URL
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

func (u *UI) filesView(r *http.Request, t *records.Type, rec records.Record) (*filesView, error) {
	as, err := u.svc.Attachments(r.Context(), scope(r), t, rec.ID)
	if err != nil {
		return nil, err
	}
	v := &filesView{Base: recordHref(t, rec.ID) + "/attachments", CanEdit: scope(r).Can(perm(t, tenant.Edit))}
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

// attach stores an uploaded file (field "file") on the record.
func (u *UI) attach(w http.ResponseWriter, r *http.Request, t *records.Type) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, errs.NotFound("not_found"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, records.MaxAttachment+1<<20)
	err := u.upload(r, t, id)
	if err != nil {
		// Stay on the tab with the reason, like a form that failed.
		v, verr := u.recordView(withTab(r, "attachments"), t)
		if verr != nil || v.Files == nil {
			u.fail(w, r, err)
			return
		}
		p := u.ui.Problem(r, err)
		v.Files.Alert = p.Detail
		for _, fe := range p.Errors {
			v.Files.Alert = fe.Message
		}
		u.ui.Page(w, r, p.Status, "records/record.html", label(t), u.menuKey(t), v)
		return
	}
	u.ui.SetFlash(w, "flash.attachment_added")
	adminui.Redirect(w, r, recordHref(t, id)+"?tab=attachments")
}

func (u *UI) upload(r *http.Request, t *records.Type, id int64) error {
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
	_, err = u.svc.Attach(r.Context(), scope(r), t, id, hdr.Filename, ct, data)
	return err
}

// attachment sends a file: images inline (thumbnails), others as a download.
func (u *UI) attachment(w http.ResponseWriter, r *http.Request, t *records.Type) {
	id, ok1 := pathID(r, "id")
	att, ok2 := pathID(r, "att")
	if !ok1 || !ok2 {
		u.fail(w, r, errs.NotFound("not_found"))
		return
	}
	a, data, err := u.svc.AttachmentData(r.Context(), scope(r), t, id, att)
	if err != nil {
		u.fail(w, r, err)
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

func (u *UI) detach(w http.ResponseWriter, r *http.Request, t *records.Type) {
	id, ok1 := pathID(r, "id")
	att, ok2 := pathID(r, "att")
	if !ok1 || !ok2 {
		u.fail(w, r, errs.NotFound("not_found"))
		return
	}
	if err := u.svc.DeleteAttachment(r.Context(), scope(r), t, id, att); err != nil {
		u.fail(w, r, err)
		return
	}
	u.ui.SetFlash(w, "flash.attachment_deleted")
	adminui.Redirect(w, r, recordHref(t, id)+"?tab=attachments")
}

// withTab is r asking for another tab (a POST re-rendering its page).
func withTab(r *http.Request, tab string) *http.Request {
	r2 := r.Clone(r.Context())
	q := r2.URL.Query()
	q.Set("tab", tab)
	r2.URL.RawQuery = q.Encode()
	return r2
}
