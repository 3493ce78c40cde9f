package inventory

import (
	"time"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

// endOfDay reads a YYYY-MM-DD parameter as the moment its day ends (the
// start of the next day, in the users' time zone); "" is the zero time
// (now).
func endOfDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	day, err := time.ParseInLocation(time.DateOnly, s, i18n.Location)
	if err != nil {
		return time.Time{}, errs.Invalid(errs.Field("date", "field.invalid"))
	}
	return day.AddDate(0, 0, 1), nil
}
