-- Promotions (促销) and coupons: the definitions are a record type
-- (sales.Promotions, with tiers as a child type); what orders got from
-- them, the coupon redemptions and their counters are sales's own.
CREATE TABLE promotions (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	-- percent: percent off; amount/threshold: amount off; buy_get: the free
	-- quantity Y (all × 10^4).
	value BIGINT NOT NULL,
	threshold BIGINT,
	buy_qty BIGINT,
	get_product_id BIGINT REFERENCES products(id),
	product_id BIGINT REFERENCES products(id),
	category_id BIGINT REFERENCES product_categories(id),
	customer_level TEXT,
	customer_group_id BIGINT REFERENCES customer_groups(id),
	customer_id BIGINT REFERENCES customers(id),
	valid_from TEXT,
	valid_to TEXT,
	exclusive BOOLEAN NOT NULL DEFAULT FALSE,
	priority BIGINT,
	coupon_code TEXT,
	max_uses BIGINT,
	per_customer_limit BIGINT,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	notes TEXT
);
CREATE INDEX promotions_name ON promotions (tenant_id, name, id);
CREATE INDEX promotions_kind ON promotions (tenant_id, kind, id);
CREATE INDEX promotions_active ON promotions (tenant_id, active, id);
CREATE INDEX promotions_valid_from ON promotions (tenant_id, valid_from, id);
CREATE INDEX promotions_priority ON promotions (tenant_id, priority, id);
CREATE INDEX promotions_product_id ON promotions (tenant_id, product_id, id);
CREATE INDEX promotions_get_product_id ON promotions (tenant_id, get_product_id, id);
CREATE INDEX promotions_category_id ON promotions (tenant_id, category_id, id);
CREATE INDEX promotions_customer_group_id ON promotions (tenant_id, customer_group_id, id);
CREATE INDEX promotions_customer_id ON promotions (tenant_id, customer_id, id);
CREATE UNIQUE INDEX promotions_coupon_code ON promotions (tenant_id, coupon_code);

-- Further tiers of a threshold promotion (满 500 减 60 beside 满 300 减 30).
CREATE TABLE promotion_tiers (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	created_by BIGINT,
	updated_by BIGINT,
	promotion_id BIGINT NOT NULL REFERENCES promotions(id),
	threshold BIGINT NOT NULL,
	amount BIGINT NOT NULL,
	note TEXT
);
CREATE INDEX promotion_tiers_promotion_id ON promotion_tiers (tenant_id, promotion_id, id);

-- The coupon an order was entered with, and the part of each line's
-- discount that promotions gave (the rest is the typed discount %).
ALTER TABLE sales_orders ADD COLUMN coupon_code TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_order_lines ADD COLUMN promo_discount BIGINT NOT NULL DEFAULT 0;

-- Which promotion gave which line how much (one row per promotion and
-- line; the order's page sums them per promotion).
CREATE TABLE sales_order_promotions (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	order_id BIGINT NOT NULL REFERENCES sales_orders(id),
	promotion_id BIGINT NOT NULL REFERENCES promotions(id),
	seq INTEGER NOT NULL,
	line_no INTEGER NOT NULL,
	coupon_code TEXT NOT NULL DEFAULT '',
	amount BIGINT NOT NULL CHECK (amount >= 0)
);
CREATE UNIQUE INDEX sales_order_promotions_line ON sales_order_promotions (tenant_id, order_id, promotion_id, line_no);
CREATE INDEX sales_order_promotions_promotion ON sales_order_promotions (tenant_id, promotion_id, order_id);

-- Coupon use counters: customer_id 0 is the coupon's total, any other the
-- customer's. Redeeming is UPDATE … SET used = used + 1 WHERE used < limit,
-- so parallel orders cannot take a coupon past its limit.
CREATE TABLE sales_coupon_usage (
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	promotion_id BIGINT NOT NULL REFERENCES promotions(id),
	customer_id BIGINT NOT NULL,
	used BIGINT NOT NULL DEFAULT 0 CHECK (used >= 0),
	PRIMARY KEY (tenant_id, promotion_id, customer_id)
);

-- Redemptions: taken when the order is submitted, released (released_at
-- set, counters given back) when it is cancelled or deleted, or its coupon
-- changed.
CREATE TABLE sales_coupon_redemptions (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	promotion_id BIGINT NOT NULL REFERENCES promotions(id),
	order_id BIGINT NOT NULL,
	customer_id BIGINT NOT NULL REFERENCES customers(id),
	coupon_code TEXT NOT NULL,
	amount BIGINT NOT NULL,
	redeemed_at {{ts}} NOT NULL,
	released_at {{ts}}
);
CREATE UNIQUE INDEX sales_coupon_redemptions_order ON sales_coupon_redemptions (tenant_id, order_id, promotion_id) WHERE released_at IS NULL;
CREATE INDEX sales_coupon_redemptions_promotion ON sales_coupon_redemptions (tenant_id, promotion_id, id);
