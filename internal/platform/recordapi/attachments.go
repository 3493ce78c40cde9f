package recordapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// uploadIn reads the multipart body raw (bounded by the operation's
// MaxBodyBytes) instead of letting the adapter parse it unbounded.
type uploadIn struct {
	ID          int64  `path:"id" minimum:"1"`
	RawBody     []byte `contentType:"multipart/form-data"`
	contentType string
}

func (in *uploadIn) Resolve(ctx huma.Context) []error {
	in.contentType = ctx.Header("Content-Type")
	return nil
}

type attIn struct {
	ID  int64 `path:"id" minimum:"1"`
	Att int64 `path:"att" minimum:"1"`
}

// attachmentList names the list's schema ("AttachmentList").
type attachmentList struct {
	Items []records.Attachment `json:"items"`
}

type attsOut struct {
	Body attachmentList
}

type attOut struct {
	Location string `header:"Location"`
	Body     records.Attachment
}

// fileOut is a download; the disposition is always "attachment", so an
// uploaded HTML file never renders in the application's origin.
type fileOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (h *handlers) attachments(t *records.Type) {
	tags := []string{t.Path}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(t.Module, a) }
	path := base(t) + "/{id}/attachments"

	web.Op(h.api, huma.Operation{OperationID: opID("list", t, false) + "-attachments", Method: http.MethodGet, Path: path, Tags: tags,
		Summary: "Files on a record of " + t.Path},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *idIn) (*attsOut, error) {
			as, err := h.svc.Attachments(ctx, web.ScopeFrom(ctx), t, in.ID)
			out := &attsOut{}
			out.Body.Items = as
			if out.Body.Items == nil {
				out.Body.Items = []records.Attachment{}
			}
			return out, err
		})

	upload := huma.Operation{OperationID: opID("add", t, false) + "-attachment", Method: http.MethodPost, Path: path, Tags: tags,
		Summary: "Attach a file to a record of " + t.Path, DefaultStatus: http.StatusCreated, SkipValidateBody: true,
		MaxBodyBytes: records.MaxAttachment + 64<<10, // the file plus the multipart framing
		Description:  "multipart/form-data with the file in the part \"file\", at most " + strconv.Itoa(records.MaxAttachment>>20) + " MB.",
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"multipart/form-data": {Schema: &huma.Schema{
			Type: huma.TypeObject, Required: []string{"file"},
			Properties: map[string]*huma.Schema{"file": {Type: huma.TypeString, Format: "binary"}}}}}}}
	web.Op(h.api, upload, web.Perm, perm(tenant.Edit), func(ctx context.Context, in *uploadIn) (*attOut, error) {
		name, ctype, data, err := formFile(in.contentType, in.RawBody)
		if err != nil {
			return nil, err
		}
		a, err := h.svc.Attach(ctx, web.ScopeFrom(ctx), t, in.ID, name, ctype, data)
		if err != nil {
			return nil, err
		}
		return &attOut{Location: base(t) + "/" + strconv.FormatInt(in.ID, 10) + "/attachments/" + strconv.FormatInt(a.ID, 10), Body: a}, nil
	})

	file := path + "/{att}"
	web.Op(h.api, huma.Operation{OperationID: opID("download", t, false) + "-attachment", Method: http.MethodGet, Path: file, Tags: tags,
		Summary: "Download a file of a record of " + t.Path,
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *attIn) (*fileOut, error) {
			a, data, err := h.svc.AttachmentData(ctx, web.ScopeFrom(ctx), t, in.ID, in.Att)
			if err != nil {
				return nil, err
			}
			ct := a.ContentType
			if ct == "" {
				ct = "application/octet-stream"
			}
			return &fileOut{ContentType: ct, ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}),
				Body: data}, nil
		})

	web.Op(h.api, huma.Operation{OperationID: opID("delete", t, false) + "-attachment", Method: http.MethodDelete, Path: file, Tags: tags,
		Summary: "Remove a file from a record of " + t.Path, DefaultStatus: http.StatusNoContent},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *attIn) (*struct{}, error) {
			return nil, h.svc.DeleteAttachment(ctx, web.ScopeFrom(ctx), t, in.ID, in.Att)
		})
}

// formFile finds the part "file" of a multipart body. A body that is not
// a form, or a missing or empty file, is a field error ("file" is
// required); a broken form a 400.
func formFile(contentType string, body []byte) (name, ctype string, data []byte, err error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", "", nil, errs.Invalid(errs.Field("file", "field.required"))
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", "", nil, errs.Invalid(errs.Field("file", "field.required"))
		}
		if err != nil {
			return "", "", nil, errs.BadRequest("bad_request")
		}
		if p.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, records.MaxAttachment+1))
		switch {
		case err != nil:
			return "", "", nil, errs.BadRequest("bad_request")
		case len(data) > records.MaxAttachment:
			return "", "", nil, errs.Invalid(errs.Field("file", "recordapi.file_too_large", "Max", records.MaxAttachment>>20))
		case len(data) == 0 || p.FileName() == "":
			return "", "", nil, errs.Invalid(errs.Field("file", "field.required"))
		}
		ctype = p.Header.Get("Content-Type")
		if ctype == "" || ctype == "application/octet-stream" {
			ctype = http.DetectContentType(data)
		}
		return p.FileName(), ctype, data, nil
	}
}
