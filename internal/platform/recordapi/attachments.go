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
	"strings"

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
	RegisterFiles(h.api, FileRoutes{Path: base(t), Name: strings.TrimPrefix(opID("", t, false), "-"), Tag: t.Path,
		View: tenant.P(t.Module, tenant.View), Edit: tenant.P(t.Module, tenant.Edit), Files: h.svc.Files(t)})
}

// FileRoutes are the attachment operations of one kind of record or
// document: list, upload, download and delete under Path/{id}/attachments.
type FileRoutes struct {
	Path       string // "/api/v1/sales-orders"
	Name       string // singular, for operation ids: "sales-order"
	Tag        string
	View, Edit tenant.Perm // what the routes need; Files still checks the document
	Files      records.Files
}

// RegisterFiles adds a kind of document's attachment operations to api.
func RegisterFiles(api *web.API, fr FileRoutes) {
	tags := []string{fr.Tag}
	path := fr.Path + "/{id}/attachments"

	web.Op(api, huma.Operation{OperationID: "list-" + fr.Name + "-attachments", Method: http.MethodGet, Path: path, Tags: tags,
		Summary: "Files on a " + fr.Name},
		web.Perm, fr.View, func(ctx context.Context, in *idIn) (*attsOut, error) {
			as, err := fr.Files.List(ctx, web.ScopeFrom(ctx), in.ID)
			out := &attsOut{}
			out.Body.Items = as
			if out.Body.Items == nil {
				out.Body.Items = []records.Attachment{}
			}
			return out, err
		})

	upload := huma.Operation{OperationID: "add-" + fr.Name + "-attachment", Method: http.MethodPost, Path: path, Tags: tags,
		Summary: "Attach a file to a " + fr.Name, DefaultStatus: http.StatusCreated, SkipValidateBody: true,
		MaxBodyBytes: records.MaxAttachment + 64<<10, // the file plus the multipart framing
		Description:  "multipart/form-data with the file in the part \"file\", at most " + strconv.Itoa(records.MaxAttachment>>20) + " MB.",
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"multipart/form-data": {Schema: &huma.Schema{
			Type: huma.TypeObject, Required: []string{"file"},
			Properties: map[string]*huma.Schema{"file": {Type: huma.TypeString, Format: "binary"}}}}}}}
	web.Op(api, upload, web.Perm, fr.Edit, func(ctx context.Context, in *uploadIn) (*attOut, error) {
		name, ctype, data, err := formFile(in.contentType, in.RawBody)
		if err != nil {
			return nil, err
		}
		a, err := fr.Files.Attach(ctx, web.ScopeFrom(ctx), in.ID, name, ctype, data)
		if err != nil {
			return nil, err
		}
		return &attOut{Location: fr.Path + "/" + strconv.FormatInt(in.ID, 10) + "/attachments/" + strconv.FormatInt(a.ID, 10), Body: a}, nil
	})

	file := path + "/{att}"
	web.Op(api, huma.Operation{OperationID: "download-" + fr.Name + "-attachment", Method: http.MethodGet, Path: file, Tags: tags,
		Summary: "Download a file of a " + fr.Name,
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}},
		web.Perm, fr.View, func(ctx context.Context, in *attIn) (*fileOut, error) {
			a, data, err := fr.Files.Data(ctx, web.ScopeFrom(ctx), in.ID, in.Att)
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

	web.Op(api, huma.Operation{OperationID: "delete-" + fr.Name + "-attachment", Method: http.MethodDelete, Path: file, Tags: tags,
		Summary: "Remove a file from a " + fr.Name, DefaultStatus: http.StatusNoContent},
		web.Perm, fr.Edit, func(ctx context.Context, in *attIn) (*struct{}, error) {
			return nil, fr.Files.Delete(ctx, web.ScopeFrom(ctx), in.ID, in.Att)
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
