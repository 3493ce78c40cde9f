package masterdata

import (
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/records"
)

// regionTree is the built-in region dictionary: GB/T 2260 codes of the 34
// provincial-level divisions; for 北京 and 上海 their districts, for 江苏,
// 浙江 and 广东 their prefecture-level cities, and for 杭州 its districts and
// counties. Names live in the catalogs ("dict.region.330100" = 杭州市);
// tenants add the rest of the country as they need it.
var regionTree = []struct{ parent, codes string }{
	{"", "110000 120000 130000 140000 150000 210000 220000 230000 310000 320000 330000 340000 350000 360000 370000 " +
		"410000 420000 430000 440000 450000 460000 500000 510000 520000 530000 540000 610000 620000 630000 640000 " +
		"650000 710000 810000 820000"},
	{"110000", "110101 110102 110105 110106 110107 110108 110109 110111 110112 110113 110114 110115 110116 110117 110118 110119"},
	{"310000", "310101 310104 310105 310106 310107 310109 310110 310112 310113 310114 310115 310116 310117 310118 310120 310151"},
	{"320000", "320100 320200 320300 320400 320500 320600 320700 320800 320900 321000 321100 321200 321300"},
	{"330000", "330100 330200 330300 330400 330500 330600 330700 330800 330900 331000 331100"},
	{"440000", "440100 440200 440300 440400 440500 440600 440700 440800 440900 441200 441300 441400 441500 441600 " +
		"441700 441800 441900 442000 445100 445200 445300"},
	{"330100", "330102 330105 330106 330108 330109 330110 330111 330112 330113 330114 330122 330127 330182"},
}

// regionItems lists parents before their children, as seeding needs.
func regionItems() []records.DictItem {
	var out []records.DictItem
	for _, g := range regionTree {
		for _, c := range strings.Fields(g.codes) {
			out = append(out, records.DictItem{Code: c, Parent: g.parent})
		}
	}
	return out
}
