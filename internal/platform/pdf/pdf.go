// Package pdf makes printable documents (delivery notes, picking lists,
// quotations…) with Chinese text: an A4 page with a title, a key/value
// header block, a table whose header row repeats after a page break, notes
// under it and a "page x / y" footer. Modules fill a Document and call
// Render; the words on it are the caller's (already translated).
//
// The font is WenQuanYi Micro Hei (Apache-2.0, font/), embedded whole so
// that rare characters of names print; gopdf keeps only the glyphs used
// when it writes the file (tens of KB per document).
package pdf

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/signintech/gopdf"
)

//go:embed font/wqy-microhei.ttf
var fontData []byte

// Document is what goes on the pages, top to bottom.
type Document struct {
	Title string
	// Fields are the header block, two pairs to a line ("客户: 杭州…").
	Fields []Field
	// Columns and Rows are the table; a row has one text per column.
	Columns []Column
	Rows    [][]string
	// Notes are lines under the table (totals, remarks, signatures).
	Notes []string
	// Footer is the text at the bottom of page n of total; nil: "n / total".
	Footer func(page, total int) string
}

// Field is one key/value pair of the header block.
type Field struct{ Key, Value string }

// Column is a table column. Width is relative to the other columns' (the
// table fills the page's width); Num right-aligns the column (numbers).
type Column struct {
	Title string
	Width float64
	Num   bool
}

// The page: A4 in points, margins and type sizes.
const (
	pageW, pageH = 595.28, 841.89
	margin       = 40.0
	bodyW        = pageW - 2*margin
	footerY      = pageH - 28
	bottom       = pageH - 50 // the table stops above the footer
	titleSize    = 16
	textSize     = 9.5
	lineH        = 13.0 // one line of text at textSize
	pad          = 3.0  // inside a table cell
)

const family = "wqy"

// Render writes the document as a PDF.
func (d Document) Render(w io.Writer) error {
	r := &renderer{d: d}
	if err := r.run(); err != nil {
		return err
	}
	return r.pdf.Write(w)
}

// Bytes is the document as a PDF.
func (d Document) Bytes() ([]byte, error) {
	var b bytes.Buffer
	err := d.Render(&b)
	return b.Bytes(), err
}

type renderer struct {
	d      Document
	pdf    gopdf.GoPdf
	widths []float64 // the columns' widths in points
	pages  int
}

func (r *renderer) run() error {
	r.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	r.pdf.SetInfo(gopdf.PdfInfo{Title: r.d.Title, Creator: "Taihe"})
	if err := r.pdf.AddTTFFontData(family, fontData); err != nil {
		return fmt.Errorf("pdf: font: %w", err)
	}
	r.newPage()
	if err := r.title(); err != nil {
		return err
	}
	if err := r.fields(); err != nil {
		return err
	}
	if err := r.table(); err != nil {
		return err
	}
	if err := r.notes(); err != nil {
		return err
	}
	return r.footers()
}

func (r *renderer) newPage() {
	r.pdf.AddPage()
	r.pages++
	r.pdf.SetY(margin)
}

func (r *renderer) font(size float64) error { return r.pdf.SetFont(family, "", size) }

func (r *renderer) title() error {
	if r.d.Title == "" {
		return nil
	}
	if err := r.font(titleSize); err != nil {
		return err
	}
	y := r.pdf.GetY()
	r.pdf.SetXY(margin, y)
	if err := r.pdf.CellWithOption(&gopdf.Rect{W: bodyW, H: 22}, r.d.Title, gopdf.CellOption{Align: gopdf.Center | gopdf.Middle}); err != nil {
		return err
	}
	r.pdf.SetY(y + 30)
	return nil
}

// fields lays the header block out two pairs to a line; a long value wraps
// within its half.
func (r *renderer) fields() error {
	if len(r.d.Fields) == 0 {
		return nil
	}
	if err := r.font(textSize); err != nil {
		return err
	}
	half := bodyW / 2
	for i := 0; i < len(r.d.Fields); i += 2 {
		y := r.pdf.GetY()
		height := lineH
		for j := i; j < min(i+2, len(r.d.Fields)); j++ {
			f := r.d.Fields[j]
			lines, err := r.wrap(f.Key+"："+f.Value, half-8)
			if err != nil {
				return err
			}
			for k, l := range lines {
				r.pdf.SetXY(margin+float64(j-i)*half, y+float64(k)*lineH)
				if err := r.pdf.Cell(&gopdf.Rect{W: half - 8, H: lineH}, l); err != nil {
					return err
				}
			}
			height = max(height, float64(len(lines))*lineH)
		}
		r.pdf.SetY(y + height + 2)
		if r.pdf.GetY() > bottom-lineH {
			r.newPage()
		}
	}
	r.pdf.SetY(r.pdf.GetY() + 8)
	return nil
}

// table draws the header row and the rows, starting a page (with the
// header row again) when the next row would cross the bottom margin.
func (r *renderer) table() error {
	if len(r.d.Columns) == 0 {
		return nil
	}
	// Widths are relative layout weights (page points), not amounts.
	var weights float64
	for _, c := range r.d.Columns {
		weights += max(c.Width, 1)
	}
	for _, c := range r.d.Columns {
		r.widths = append(r.widths, bodyW*max(c.Width, 1)/weights)
	}
	if err := r.font(textSize); err != nil {
		return err
	}
	head := make([]string, len(r.d.Columns))
	for i, c := range r.d.Columns {
		head[i] = c.Title
	}
	if err := r.row(head, true); err != nil {
		return err
	}
	for _, row := range r.d.Rows {
		cells, h, err := r.layout(row)
		if err != nil {
			return err
		}
		if r.pdf.GetY()+h > bottom {
			r.newPage()
			if err := r.row(head, true); err != nil {
				return err
			}
		}
		if err := r.draw(cells, h, false); err != nil {
			return err
		}
	}
	r.pdf.SetY(r.pdf.GetY() + 10)
	return nil
}

func (r *renderer) row(texts []string, header bool) error {
	cells, h, err := r.layout(texts)
	if err != nil {
		return err
	}
	return r.draw(cells, h, header)
}

// layout wraps each cell's text to its column and gives the row's height.
func (r *renderer) layout(texts []string) ([][]string, float64, error) {
	cells := make([][]string, len(r.widths))
	n := 1
	for i := range r.widths {
		t := ""
		if i < len(texts) {
			t = texts[i]
		}
		lines, err := r.wrap(t, r.widths[i]-2*pad)
		if err != nil {
			return nil, 0, err
		}
		cells[i] = lines
		n = max(n, len(lines))
	}
	return cells, float64(n)*lineH + 2*pad, nil
}

func (r *renderer) draw(cells [][]string, h float64, header bool) error {
	y := r.pdf.GetY()
	if header {
		r.pdf.SetFillColor(235, 238, 242)
		r.pdf.RectFromUpperLeftWithStyle(margin, y, bodyW, h, "F")
	}
	r.pdf.SetLineWidth(0.5)
	r.pdf.SetStrokeColor(180, 180, 180)
	r.pdf.Line(margin, y+h, margin+bodyW, y+h)
	if header {
		r.pdf.Line(margin, y, margin+bodyW, y)
	}
	x := margin
	for i, lines := range cells {
		align := gopdf.Left | gopdf.Top
		if r.d.Columns[i].Num && !header {
			align = gopdf.Right | gopdf.Top
		}
		for k, l := range lines {
			r.pdf.SetXY(x+pad, y+pad+float64(k)*lineH)
			if err := r.pdf.CellWithOption(&gopdf.Rect{W: r.widths[i] - 2*pad, H: lineH}, l, gopdf.CellOption{Align: align}); err != nil {
				return err
			}
		}
		x += r.widths[i]
	}
	r.pdf.SetY(y + h)
	return nil
}

func (r *renderer) notes() error {
	if err := r.font(textSize); err != nil {
		return err
	}
	for _, n := range r.d.Notes {
		lines, err := r.wrap(n, bodyW)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if r.pdf.GetY()+lineH > bottom {
				r.newPage()
			}
			r.pdf.SetX(margin)
			if err := r.pdf.Cell(&gopdf.Rect{W: bodyW, H: lineH}, l); err != nil {
				return err
			}
			r.pdf.SetY(r.pdf.GetY() + lineH + 2)
		}
	}
	return nil
}

// footers go on last, once the number of pages is known.
func (r *renderer) footers() error {
	if err := r.font(8); err != nil {
		return err
	}
	text := r.d.Footer
	if text == nil {
		text = func(page, total int) string { return fmt.Sprintf("%d / %d", page, total) }
	}
	for p := 1; p <= r.pages; p++ {
		if err := r.pdf.SetPage(p); err != nil {
			return err
		}
		r.pdf.SetXY(margin, footerY)
		if err := r.pdf.CellWithOption(&gopdf.Rect{W: bodyW, H: 10}, text(p, r.pages),
			gopdf.CellOption{Align: gopdf.Center | gopdf.Top}); err != nil {
			return err
		}
	}
	return nil
}

// wrap splits text into lines no wider than width: at spaces where a
// Latin word would break, anywhere in Chinese, and at every newline.
func (r *renderer) wrap(text string, width float64) ([]string, error) {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		lines, err := r.pdf.SplitTextWithWordWrap(para, width)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}
