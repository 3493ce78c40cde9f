package masterdata

import (
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/records"
)

var demoWarehouses = []struct{ name, region, address, phone string }{
	{"杭州总仓", "330110", "杭州市余杭区仓前街道良睦路 1399 号", "0571-88001234"},
	{"上海分仓", "310112", "上海市闵行区莘庄工业区春东路 508 号", "021-64001234"},
	{"广州分仓", "440100", "广州市白云区太和镇永兴村工业园 18 号", "020-36001234"},
}

func (d *demo) warehouses() {
	for i, w := range demoWarehouses {
		in := records.Input{"name": w.name, "region": w.region, "address": w.address, "phone": w.phone}
		if len(d.owners) > 0 {
			in["manager"] = d.owners[i%len(d.owners)]
		}
		id := d.create(Warehouses, in)
		for _, zone := range []string{"A", "B", "C"} {
			for shelf := 1; shelf <= 4; shelf++ {
				d.create(WarehouseLocations, records.Input{"warehouse_id": id, "code": fmt.Sprintf("%s-%02d", zone, shelf),
					"name": fmt.Sprintf("%s区 %d 号货架", zone, shelf), "zone": zone + "区"})
			}
		}
	}
}

// demoCarriers use the carriers' public tracking pages as templates.
var demoCarriers = []struct{ code, name, phone, website, tracking string }{
	{"SF", "顺丰速运", "95338", "https://www.sf-express.com", "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{number}"},
	{"ZTO", "中通快递", "95311", "https://www.zto.com", "https://www.zto.com/express/expressCheck.html?txtBill={number}"},
	{"YTO", "圆通速递", "95554", "https://www.yto.net.cn", "https://www.yto.net.cn/gw/service/Consult.html?number={number}"},
	{"YD", "韵达快递", "95546", "https://www.yundaex.com", "https://www.yundaex.com/cn/track/index?number={number}"},
	{"JD", "京东物流", "950616", "https://www.jdl.com", "https://www.jdl.com/orderSearch/?waybillCodes={number}"},
}

func (d *demo) carriers() {
	for _, c := range demoCarriers {
		d.create(Carriers, records.Input{"code": c.code, "name": c.name, "phone": c.phone, "website": c.website,
			"tracking_url": c.tracking})
	}
}

var demoSteps = []struct{ code, name, rate, unit, desc string }{
	{"CUT", "切割", "60", "hour", "激光或剪板切割下料"},
	{"BEND", "折弯", "55", "hour", "数控折弯"},
	{"WELD", "焊接", "80", "hour", "氩弧焊、二保焊"},
	{"GRIND", "打磨", "45", "hour", "焊缝及表面打磨"},
	{"PAINT", "喷涂", "3.5", "piece", "静电喷粉，按件计价"},
	{"ASSY", "组装", "50", "hour", "部件装配与紧固"},
	{"QC", "质检", "40", "hour", "尺寸与外观检验"},
	{"PACK", "包装", "1.2", "piece", "装箱、缠膜、贴标"},
}

func (d *demo) processSteps() {
	for _, s := range demoSteps {
		d.create(ProcessSteps, records.Input{"code": s.code, "name": s.name, "cost_rate": s.rate, "rate_unit": s.unit,
			"description": s.desc})
	}
}
