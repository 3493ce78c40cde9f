package recordapi_test

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// multipartBody is a form with one file part (part may be "" for a form
// without the file).
func multipartBody(t *testing.T, part, filename string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if part != "" {
		fw, err := mw.CreateFormFile(part, filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.WriteField("note", "ignored")
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func TestAttachments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.create(e.admin, map[string]any{"code": "A-1", "name": "带附件"})
		files := fmt.Sprintf("/api/v1/widgets/%d/attachments", num(w["id"]))
		content := []byte("合同正文 contract body\n")
		body, ct := multipartBody(t, "file", "合同.txt", content)

		e.wantProblem("read-only uploads", e.call(http.MethodPost, files, e.viewer, body, "Content-Type", ct), http.StatusForbidden)
		e.wantProblem("rival uploads", e.call(http.MethodPost, files, e.rival, body, "Content-Type", ct), http.StatusNotFound)
		r := e.must(http.StatusCreated, http.MethodPost, files, e.admin, body, "Content-Type", ct)
		a := r.json(t)
		file := fmt.Sprintf("%s/%d", files, num(a["id"]))
		if r.header.Get("Location") != file || a["filename"] != "合同.txt" || num(a["size"]) != int64(len(content)) || num(a["record_id"]) != num(w["id"]) {
			t.Errorf("uploaded %v (Location %q)", a, r.header.Get("Location"))
		}

		l := e.must(http.StatusOK, http.MethodGet, files, e.viewer, nil).json(t)
		if items := l["items"].([]any); len(items) != 1 || items[0].(map[string]any)["filename"] != "合同.txt" {
			t.Errorf("listed %v", l)
		}
		dl := e.must(http.StatusOK, http.MethodGet, file, e.viewer, nil)
		if !bytes.Equal(dl.body, content) {
			t.Errorf("downloaded %q, want %q", dl.body, content)
		}
		disp, params, err := mime.ParseMediaType(dl.header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || params["filename"] != "合同.txt" {
			t.Errorf("Content-Disposition %q: %v %v", dl.header.Get("Content-Disposition"), params, err)
		}
		e.wantProblem("rival downloads", e.call(http.MethodGet, file, e.rival, nil), http.StatusNotFound)
		e.wantProblem("read-only removes", e.call(http.MethodDelete, file, e.viewer, nil), http.StatusForbidden)

		noFile, ct2 := multipartBody(t, "", "", nil)
		e.wantProblem("no file part", e.call(http.MethodPost, files, e.admin, noFile, "Content-Type", ct2), http.StatusUnprocessableEntity, "file=field.required")
		e.wantProblem("not multipart", e.call(http.MethodPost, files, e.admin, `{"file": "x"}`), http.StatusUnprocessableEntity, "file=field.required")
		e.wantProblem("broken form", e.call(http.MethodPost, files, e.admin, "--x\r\nbroken", "Content-Type", "multipart/form-data; boundary=x"),
			http.StatusBadRequest)
		big, ct3 := multipartBody(t, "file", "big.bin", make([]byte, records.MaxAttachment+1))
		if r := e.call(http.MethodPost, files, e.admin, big, "Content-Type", ct3); r.status != http.StatusUnprocessableEntity && r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("a file over the limit: status %d: %.300s", r.status, r.body)
		}

		e.must(http.StatusNoContent, http.MethodDelete, file, e.admin, nil)
		if l := e.must(http.StatusOK, http.MethodGet, files, e.admin, nil).json(t); len(l["items"].([]any)) != 0 {
			t.Errorf("after delete: %v", l)
		}
		e.wantProblem("deleted file", e.call(http.MethodGet, file, e.admin, nil), http.StatusNotFound)
	}, migrations()...)
}

func TestDictionaryOptions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		opts := func(token, q, lang string) []map[string]any {
			r := e.must(http.StatusOK, http.MethodGet, "/api/v1/dictionary-options/widget_source"+q, token, nil, "Accept-Language", lang)
			var out []map[string]any
			for _, o := range decodeArray(t, r.body) {
				out = append(out, o.(map[string]any))
			}
			return out
		}
		zh := opts(e.viewer, "", "zh-CN")
		if len(zh) != 2 || zh[0]["code"] != "web" || zh[0]["label"] != "网站" || zh[0]["color"] != "#1677ff" || zh[0]["active"] != true ||
			zh[1]["code"] != "fair" || zh[1]["label"] != "展会" {
			t.Errorf("options zh %v", zh)
		}
		if en := opts(e.seller, "", "en"); len(en) != 2 || en[0]["label"] != "Website" {
			t.Errorf("options en %v", en)
		}
		e.wantProblem("unknown dictionary", e.call(http.MethodGet, "/api/v1/dictionary-options/nope", e.admin, nil), http.StatusNotFound)
		e.wantProblem("no session", e.call(http.MethodGet, "/api/v1/dictionary-options/widget_source", "", nil), http.StatusUnauthorized)
		all := decodeArray(t, e.must(http.StatusOK, http.MethodGet, "/api/v1/dictionary-options", e.viewer, nil, "Accept-Language", "en").body)
		if len(all) != 2 || all[0].(map[string]any)["key"] != "widget_source" || all[0].(map[string]any)["label"] != "Widget source" {
			t.Errorf("dictionaries %v", all)
		}

		// Items are records of the DictItems type: deactivate one through
		// the generic endpoints and the options follow.
		items := e.must(http.StatusOK, http.MethodGet, "/api/v1/dictionaries?dict=widget_source&q=fair", e.admin, nil).json(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("dictionary items %v", items)
		}
		fair := items[0].(map[string]any)
		e.must(http.StatusOK, http.MethodPatch, fmt.Sprintf("/api/v1/dictionaries/%d", num(fair["id"])), e.admin,
			map[string]any{"version": fair["version"], "active": false})
		if o := opts(e.admin, "", "zh-CN"); len(o) != 1 || o[0]["code"] != "web" {
			t.Errorf("after deactivating fair: %v", o)
		}
		if o := opts(e.admin, "?inactive=true", "zh-CN"); len(o) != 2 || o[1]["active"] != false {
			t.Errorf("with inactive: %v", o)
		}
		if r := e.call(http.MethodDelete, fmt.Sprintf("/api/v1/dictionaries/%d?version=2", num(fair["id"])), e.admin, nil); r.status != http.StatusNotFound &&
			r.status != http.StatusMethodNotAllowed {
			t.Errorf("dictionary items are never deleted, but DELETE answered %d: %s", r.status, r.body)
		}
	}, migrations()...)
}
