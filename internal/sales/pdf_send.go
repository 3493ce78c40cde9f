package sales

import (
	"fmt"
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/pdf"
)

// sendPDF renders doc and sends it to be shown in the browser's viewer
// (inline) under name.
func (u *ui) sendPDF(w http.ResponseWriter, r *http.Request, doc pdf.Document, name string) {
	b, err := doc.Bytes()
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, name))
	_, _ = w.Write(b)
}
