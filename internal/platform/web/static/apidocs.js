// API reference page: fetches the OpenAPI document generated from the code
// (/api/openapi.json) and renders tags → operations with their parameters,
// request body and responses. Built with DOM calls only (no innerHTML), so
// descriptions from the document cannot inject markup. Labels come from the
// page's data-msg-* attributes, which the catalogs fill.
(function () {
  "use strict";
  var root = document.getElementById("apidocs");
  if (!root) return;
  var m = function (k) { return root.dataset["msg" + k] || k; };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function refName(s) {
    if (!s) return "";
    if (s.$ref) return s.$ref.split("/").pop();
    if (s.type === "array" && s.items) return refName(s.items) + "[]";
    if (Array.isArray(s.type)) return s.type.filter(function (t) { return t !== "null"; }).join(" | ");
    return s.type || "";
  }
  function schemaOf(spec, s) {
    if (s && s.$ref) return spec.components && spec.components.schemas ? spec.components.schemas[s.$ref.split("/").pop()] : null;
    return s;
  }
  function jsonSchema(content) {
    if (!content) return null;
    var c = content["application/json"] || content["application/problem+json"] || content[Object.keys(content)[0]];
    return c && c.schema;
  }

  // One level of a schema's properties as a small table.
  function propsTable(spec, s) {
    var sc = schemaOf(spec, s);
    if (!sc || !sc.properties) return null;
    var req = sc.required || [];
    var t = el("table");
    Object.keys(sc.properties).forEach(function (name) {
      var p = sc.properties[name];
      var tr = el("tr");
      var n = el("td", "mono", name);
      if (req.indexOf(name) >= 0) n.appendChild(el("span", "req", "*"));
      tr.appendChild(n);
      tr.appendChild(el("td", "schema-name", refName(p) + (p.enum ? " (" + p.enum.join(", ") + ")" : "")));
      tr.appendChild(el("td", "", p.description || ""));
      t.appendChild(tr);
    });
    return t;
  }

  function operation(spec, path, method, op) {
    var d = el("details", "api-op");
    d.id = "op-" + (op.operationId || method + path).replace(/[^a-zA-Z0-9_-]/g, "-");
    d.dataset.search = (method + " " + path + " " + (op.summary || "") + " " + (op.operationId || "")).toLowerCase();
    var s = el("summary");
    s.appendChild(el("span", "method method-" + method, method.toUpperCase()));
    s.appendChild(el("span", "api-path", path));
    s.appendChild(el("span", "api-sum", op.summary || ""));
    d.appendChild(s);

    var b = el("div", "api-body");
    if (op.description) b.appendChild(el("p", "", op.description));
    var auth = op.security && op.security.length > 0;
    b.appendChild(el("p", "", "")).appendChild(el("span", "badge " + (auth ? "badge-warn" : "badge-ok"), auth ? m("Auth") : m("Public")));

    if (op.parameters && op.parameters.length) {
      b.appendChild(el("h4", "", m("Params")));
      var t = el("table");
      op.parameters.forEach(function (p) {
        var tr = el("tr");
        var n = el("td", "mono", p.name);
        if (p.required) n.appendChild(el("span", "req", "*"));
        tr.appendChild(n);
        tr.appendChild(el("td", "muted", p.in));
        tr.appendChild(el("td", "schema-name", refName(p.schema)));
        tr.appendChild(el("td", "", p.description || (p.schema && p.schema.description) || ""));
        t.appendChild(tr);
      });
      b.appendChild(t);
    }
    if (op.requestBody) {
      var rs = jsonSchema(op.requestBody.content);
      var h = el("h4", "", m("Request") + " ");
      h.appendChild(el("span", "schema-name", refName(rs)));
      b.appendChild(h);
      var pt = propsTable(spec, rs);
      if (pt) { var box = el("div", "api-schema"); box.appendChild(pt); b.appendChild(box); }
    }
    if (op.responses) {
      b.appendChild(el("h4", "", m("Responses")));
      var rt = el("table");
      Object.keys(op.responses).forEach(function (code) {
        var r = op.responses[code];
        var tr = el("tr");
        tr.appendChild(el("td", "mono", code));
        tr.appendChild(el("td", "", r.description || ""));
        tr.appendChild(el("td", "schema-name", refName(jsonSchema(r.content))));
        rt.appendChild(tr);
      });
      b.appendChild(rt);
    }
    d.appendChild(b);
    return d;
  }

  function render(spec) {
    root.textContent = "";
    var byTag = {};
    var order = (spec.tags || []).map(function (t) { return t.name; });
    Object.keys(spec.paths || {}).forEach(function (path) {
      var item = spec.paths[path];
      ["get", "post", "put", "patch", "delete"].forEach(function (method) {
        var op = item[method];
        if (!op) return;
        var tag = (op.tags && op.tags[0]) || "other";
        if (!byTag[tag]) { byTag[tag] = []; if (order.indexOf(tag) < 0) order.push(tag); }
        byTag[tag].push(operation(spec, path, method, op));
      });
    });

    var toc = el("nav", "api-toc");
    var filter = el("input");
    filter.type = "search";
    filter.placeholder = m("Filter");
    filter.setAttribute("aria-label", m("Filter"));
    filter.setAttribute("data-testid", "apidocs-filter");
    toc.appendChild(filter);
    var content = el("div", "api-content");
    order.forEach(function (tag) {
      var ops = byTag[tag];
      if (!ops) return;
      var sec = el("section", "api-tag");
      sec.id = "tag-" + tag;
      sec.setAttribute("data-testid", "api-tag-" + tag);
      sec.appendChild(el("h2", "", tag));
      ops.forEach(function (o) { sec.appendChild(o); });
      content.appendChild(sec);
      var a = el("a", "", tag);
      a.href = "#tag-" + tag;
      a.appendChild(el("span", "", ops.length));
      toc.appendChild(a);
    });
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      content.querySelectorAll(".api-tag").forEach(function (sec) {
        var any = false;
        sec.querySelectorAll(".api-op").forEach(function (op) {
          var hit = !q || op.dataset.search.indexOf(q) >= 0;
          op.hidden = !hit;
          any = any || hit;
        });
        sec.hidden = !any;
      });
    });
    root.appendChild(toc);
    root.appendChild(content);
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target) { if (target.tagName === "DETAILS") target.open = true; target.scrollIntoView(); }
    }
  }

  fetch(root.dataset.spec, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(render)
    .catch(function () {
      root.textContent = "";
      var a = el("div", "alert alert-error");
      a.setAttribute("role", "alert");
      a.appendChild(el("span", "alert-icon", "!"));
      a.appendChild(el("p", "", m("Error")));
      root.appendChild(a);
    });
})();
