// Package masterdata declares Taihe's master data — customers and their
// groups and contacts, suppliers and their contacts, products with
// categories, unit conversions and price lists, currencies and exchange
// rates, warehouses with locations, carriers and process steps — as
// records.Type values, plus the dictionaries they draw from. The records
// engine gives every type its CRUD, validation, audit, data scope, lists,
// search, import and export; this package adds only what declarations cannot
// say (the hooks) and the pricing rule other modules call.
//
// Invariants kept by hooks (inside the write transaction):
//   - a blacklisted customer has a reason; the reason is cleared when the
//     customer leaves the blacklist;
//   - a customer (supplier) has at most one primary contact: marking one
//     primary clears the flag on the others, with an audit row each;
//   - a tenant has exactly one base currency: its first currency becomes the
//     base, marking another as base moves it, unmarking the base is refused;
//     ISO 4217 codes are three upper-case letters; rates are for non-base
//     currencies, positive, one per currency and date;
//   - a product's unit conversion names a unit other than its base unit, once
//     per product, with a factor above zero;
//   - a price list is for a customer, or a member level, or everyone — never
//     both — and its validity ends on or after it starts; its items are
//     unique per product, unit and minimum quantity (an empty unit means the
//     product's base unit);
//   - a warehouse location code is unique within its warehouse;
//   - a carrier's tracking URL contains {number}.
//
// The pricing rule is documented on Service.PriceFor.
package masterdata
