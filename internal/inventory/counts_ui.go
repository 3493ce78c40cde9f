package inventory

// countEntry is a count sheet's entry section: the scan field and the
// lines with their counted quantities.
type countEntry struct {
	CanEnter            bool
	ScanPath, EnterPath string
	ScanErr, Scanned    string
	Lines               []countView
}

// countView is one line of a count sheet as the page shows it.
type countView struct {
	ID, ProductID                      int64
	Product, Expected, OnHand, Counted string
	Diff                               string
	Moved, Focus                       bool
}
