// Taihe shell behaviour. Plain JS, no inline handlers (CSP: script-src
// 'self'; htmx runs with allowEval off, so no hx-on either). Everything is
// wired by delegated listeners on document, so content swapped in by htmx
// works without re-binding.
//
//   Ctrl+M / ☰        open, focus or close the module menu
//   Ctrl+S            submit the focused (or the only) form[data-form]
//   form[data-form]   warns before leaving with unsaved changes
//   [data-confirm]    asks in #confirm-dialog before submitting
//   lists             column chooser (localStorage), page size, jump-to-page,
//                     filters that submit themselves
//   htmx              422/409 re-render the form that was posted; other
//                     errors and flash messages show as toasts
//   [data-show-if]    a form field shown only while another field has one
//                     of the values ("type=organisation", "kind=a,b")
//   [data-ref-input]  autocomplete: the datalist option picked sets the
//                     hidden id input next to it
//   [data-color-pick] colour picker synced with its "#rrggbb" text box
//   [data-swatch]     paints a colour square (no inline styles under the CSP)
//   [data-add-row]    copies <template id=…> (its "__N__" made unique) into
//                     the element named by data-target: document lines
//   [data-remove-row] removes its table row
(function () {
  "use strict";
  var rowSeq = 0;

  var body = document.body;
  var msg = function (name) { return (body && body.dataset["msg" + name]) || ""; };

  // ---------- Toasts ----------
  function toast(html, isError) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var t = document.createElement("div");
    t.className = "toast" + (isError ? " toast-error" : "");
    t.setAttribute("role", isError ? "alert" : "status");
    if (typeof html === "string") t.textContent = html; else t.appendChild(html);
    box.appendChild(t);
    dismissLater(t, isError ? 8000 : 4000);
  }
  function dismissLater(t, ms) {
    setTimeout(function () {
      t.classList.add("is-leaving");
      setTimeout(function () { t.remove(); }, 300);
    }, ms);
  }
  // Server-rendered flash messages ([data-toast]) move into the toast stack.
  function adoptToasts(root) {
    var box = document.getElementById("toasts");
    if (!box) return;
    (root || document).querySelectorAll("[data-toast]").forEach(function (t) {
      t.removeAttribute("data-toast");
      box.appendChild(t);
      dismissLater(t, 4000);
    });
  }

  // ---------- Module menu (Ctrl+M, ☰) ----------
  var overlayQuery = window.matchMedia("(max-width: 1023px)");
  function nav() { return document.getElementById("sidenav"); }
  function menuIsOpen() {
    return overlayQuery.matches ? body.classList.contains("nav-open") : !body.classList.contains("nav-collapsed");
  }
  function setMenu(open) {
    if (overlayQuery.matches) {
      body.classList.toggle("nav-open", open);
    } else {
      body.classList.toggle("nav-collapsed", !open);
      try { localStorage.setItem("taihe.nav", open ? "open" : "collapsed"); } catch (e) { /* private mode */ }
    }
    document.querySelectorAll("[data-menu-toggle]").forEach(function (b) { b.setAttribute("aria-expanded", String(open)); });
  }
  function focusMenu() {
    var n = nav();
    if (!n) return;
    var link = n.querySelector('a[aria-current="page"]') || n.querySelector("a");
    if (link) link.focus();
  }
  function toggleMenuFromKeyboard() {
    var n = nav();
    if (!n) return;
    if (!menuIsOpen()) { setMenu(true); focusMenu(); return; }
    if (n.contains(document.activeElement)) {
      setMenu(false);
      var main = document.getElementById("main");
      if (main) { main.setAttribute("tabindex", "-1"); main.focus(); }
      return;
    }
    focusMenu();
  }
  try { if (localStorage.getItem("taihe.nav") === "collapsed" && !overlayQuery.matches) setMenu(false); } catch (e) { /* ignore */ }
  if (overlayQuery.matches) setMenu(false);

  // ---------- Unsaved changes ----------
  var submitting = false; // a form is being submitted: leaving is intended
  function dirtyForms() { return document.querySelectorAll("form[data-form][data-dirty]"); }
  function markDirty(form) { if (form && form.matches("form[data-form]")) form.setAttribute("data-dirty", ""); }
  function clearDirty() { dirtyForms().forEach(function (f) { f.removeAttribute("data-dirty"); }); }
  window.addEventListener("beforeunload", function (e) {
    if (submitting || dirtyForms().length === 0) return;
    e.preventDefault();
    e.returnValue = "";
  });

  // ---------- Confirmation dialog ----------
  function askConfirm(text) {
    var d = document.getElementById("confirm-dialog");
    if (!d || typeof d.showModal !== "function") return Promise.resolve(window.confirm(text));
    d.querySelector("[data-confirm-text]").textContent = text;
    return new Promise(function (resolve) {
      d.addEventListener("close", function onClose() {
        d.removeEventListener("close", onClose);
        resolve(d.returnValue === "ok");
      });
      d.returnValue = "";
      d.showModal();
      var ok = d.querySelector('[value="ok"]');
      if (ok) ok.focus();
    });
  }

  // ---------- Lists ----------
  function colStoreKey(id) { return "taihe.cols." + id; }
  function hiddenCols(id) {
    var area = document.querySelector('[data-list="' + id + '"]');
    var saved = null;
    try { saved = localStorage.getItem(colStoreKey(id)); } catch (e) { /* ignore */ }
    var s = saved !== null ? saved : (area ? area.dataset.hiddenDefault || "" : "");
    return s.split(" ").filter(Boolean);
  }
  function applyCols(id) {
    var hidden = hiddenCols(id);
    var area = document.querySelector('[data-list="' + id + '"]');
    if (area) area.querySelectorAll("[data-col]").forEach(function (c) { c.hidden = hidden.indexOf(c.dataset.col) >= 0; });
    document.querySelectorAll('[data-col-chooser="' + id + '"] [data-col-toggle]').forEach(function (cb) {
      cb.checked = hidden.indexOf(cb.dataset.colToggle) < 0;
    });
  }
  function applyAllCols(root) {
    (root || document).querySelectorAll("[data-list]").forEach(function (a) { applyCols(a.dataset.list); });
    if (root && root.matches && root.matches("[data-list]")) applyCols(root.dataset.list);
  }
  function resetPage(form) {
    var p = form.elements.namedItem("page");
    if (p && "value" in p) p.value = "";
  }
  function submitFilter(form) {
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  }
  var searchTimer = null;

  // ---------- Conditional fields, autocomplete, colours ----------
  function controlValue(form, name) {
    var el = form.elements.namedItem(name);
    if (!el) return "";
    if (el.type === "checkbox") return el.checked ? (el.value || "1") : "";
    return el.value || "";
  }
  // A checkbox is "1" when on: "true"/"false" in a rule mean the same.
  function boolNorm(v) { return v === "true" ? "1" : v === "false" ? "" : v; }
  function applyShowIf(root) {
    (root || document).querySelectorAll("[data-show-if]").forEach(function (f) {
      var form = f.closest("form");
      if (!form) return;
      var rule = f.getAttribute("data-show-if");
      var i = rule.indexOf("=");
      if (i < 0) return;
      var want = rule.slice(i + 1).split(/[,|]/).map(boolNorm);
      f.hidden = want.indexOf(boolNorm(controlValue(form, rule.slice(0, i)))) < 0;
    });
    // A section whose fields are all hidden goes too (its heading alone says nothing).
    (root || document).querySelectorAll(".form-section").forEach(function (sec) {
      var fields = sec.querySelectorAll(".field");
      if (fields.length === 0) return;
      sec.hidden = Array.prototype.every.call(fields, function (f) { return f.hidden; });
    });
  }
  function matchRef(input) {
    var field = input.closest(".field");
    var hidden = field && field.querySelector("[data-ref-id]");
    if (!hidden) return;
    var v = input.value.trim();
    if (v === "") { hidden.value = ""; return; }
    // The text already matched (picked, or drawn with its id by the server)
    // keeps its id when options for that text arrive later without it (the
    // search does not find "name (code)" itself).
    if (hidden.value !== "" && (input.dataset.refText === v || input.value === input.defaultValue)) return;
    var opts = input.list ? input.list.options : [];
    for (var i = 0; i < opts.length; i++) {
      if (opts[i].value === v) { hidden.value = opts[i].getAttribute("data-id") || ""; input.dataset.refText = v; return; }
    }
    hidden.value = "";
  }
  function paintSwatches(root) {
    (root || document).querySelectorAll("[data-swatch]").forEach(function (s) {
      var c = s.getAttribute("data-swatch");
      if (/^#[0-9a-fA-F]{6}$/.test(c)) s.style.backgroundColor = c;
    });
  }

  // ---------- Keyboard ----------
  document.addEventListener("keydown", function (e) {
    var key = (e.key || "").toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.altKey && key === "s") {
      // Ctrl+S saves the form being edited instead of saving the page.
      e.preventDefault();
      var active = document.activeElement;
      var form = active && active.closest ? active.closest("form[data-form]") : null;
      if (!form) {
        var all = Array.prototype.filter.call(document.querySelectorAll("form[data-form]"), function (f) { return f.offsetParent !== null; });
        if (all.length === 1) form = all[0];
      }
      if (form) form.requestSubmit();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && key === "m") {
      e.preventDefault();
      toggleMenuFromKeyboard();
      return;
    }
    if (key === "escape" && overlayQuery.matches && body.classList.contains("nav-open")) {
      setMenu(false);
    }
  });

  // ---------- Clicks ----------
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;

    if (t.closest("[data-menu-toggle]")) { setMenu(!menuIsOpen()); if (menuIsOpen()) focusMenu(); return; }
    if (t.closest("[data-menu-close]")) { setMenu(false); return; }

    var opener = t.closest("[data-dialog-open]");
    if (opener) {
      var dlg = document.getElementById(opener.getAttribute("data-dialog-open"));
      if (dlg && typeof dlg.showModal === "function") {
        dlg.showModal();
        var first = dlg.querySelector("select, input:not([type=hidden]), textarea, button[type=submit]");
        if (first) first.focus();
      }
      return;
    }
    var closer = t.closest("[data-dialog-close]");
    if (closer) { var d = closer.closest("dialog"); if (d) d.close(); return; }

    // Delete, disable and the like ask first, then submit with the same button.
    var c = t.closest("[data-confirm]");
    if (c && !c.hasAttribute("data-confirmed")) {
      e.preventDefault();
      e.stopPropagation();
      askConfirm(c.getAttribute("data-confirm")).then(function (ok) {
        if (!ok) return;
        c.setAttribute("data-confirmed", "");
        if (c.form) c.form.requestSubmit(c.type === "submit" ? c : undefined);
        else if (c.href) window.location.href = c.href;
        setTimeout(function () { c.removeAttribute("data-confirmed"); }, 0);
      });
      return;
    }

    // Document lines: add a row from the template, remove a row.
    var add = t.closest("[data-add-row]");
    if (add) {
      var tpl = document.getElementById(add.getAttribute("data-add-row"));
      var into = document.getElementById(add.getAttribute("data-target"));
      if (tpl && into) {
        rowSeq += 1;
        var holder = document.createElement("tbody");
        holder.innerHTML = tpl.innerHTML.replace(/__N__/g, "n" + rowSeq);
        var row = holder.firstElementChild;
        into.appendChild(row);
        if (window.htmx) window.htmx.process(row);
        var input = row.querySelector("input:not([type=hidden])");
        if (input) input.focus();
        markDirty(add.form);
      }
      return;
    }
    var rm = t.closest("[data-remove-row]");
    if (rm) {
      var tr = rm.closest("tr");
      if (tr) { markDirty(rm.form); tr.remove(); }
      return;
    }

    // Close an open column chooser when clicking elsewhere.
    document.querySelectorAll("details.col-chooser[open]").forEach(function (dt) { if (!dt.contains(t)) dt.open = false; });
  }, true);

  // ---------- Form input ----------
  document.addEventListener("input", function (e) {
    var el = e.target;
    if (!el || !el.form) return;
    markDirty(el.form);
    if (el.matches("[data-ref-input]")) matchRef(el);
    if (el.matches("[data-color-pick]")) {
      var text = el.parentNode.querySelector("[data-color-text]");
      if (text) text.value = el.value;
    }
    if (el.matches("[data-color-text]") && /^#[0-9a-fA-F]{6}$/.test(el.value)) {
      var pick = el.parentNode.querySelector("[data-color-pick]");
      if (pick) pick.value = el.value.toLowerCase();
    }
    // The list's search box filters as you type (debounced).
    if (el.type === "search" && el.form.hasAttribute("data-filter-form")) {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { resetPage(el.form); submitFilter(el.form); }, 400);
    }
  });

  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!el) return;
    if (el.matches("[data-col-toggle]")) {
      var chooser = el.closest("[data-col-chooser]");
      var id = chooser.getAttribute("data-col-chooser");
      var hidden = [];
      chooser.querySelectorAll("[data-col-toggle]").forEach(function (cb) { if (!cb.checked) hidden.push(cb.dataset.colToggle); });
      try { localStorage.setItem(colStoreKey(id), hidden.join(" ")); } catch (err) { /* ignore */ }
      applyCols(id);
      return;
    }
    var form = el.form;
    if (!form) return;
    markDirty(form);
    applyShowIf(form);
    if (!form.hasAttribute("data-filter-form")) return;
    if (el.matches("[data-list-page]") || el.type === "search") return; // Enter submits those
    // Any other filter, or the page size, starts again at page 1.
    resetPage(form);
    submitFilter(form);
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.matches("form[data-form]")) submitting = true;
    if (form.hasAttribute("data-filter-form")) clearTimeout(searchTimer);
  });

  // ---------- htmx integration ----------
  // Drop empty filter parameters so pushed list URLs stay readable.
  document.addEventListener("htmx:configRequest", function (e) {
    var d = e.detail;
    if (d.verb !== "get" || !d.formData) return;
    var empty = [];
    d.formData.forEach(function (v, k) { if (v === "") empty.push(k); });
    empty.forEach(function (k) { d.formData.delete(k); });
  });

  // Leaving unsaved changes through an htmx navigation asks first.
  document.addEventListener("htmx:confirm", function (e) {
    var dirty = dirtyForms();
    if (dirty.length === 0 || submitting) return;
    var elt = e.detail.elt;
    for (var i = 0; i < dirty.length; i++) if (dirty[i].contains(elt)) return;
    if (e.detail.verb !== "get") return;
    e.preventDefault();
    askConfirm(msg("Unsaved")).then(function (ok) {
      if (ok) { clearDirty(); e.detail.issueRequest(true); }
    });
  });

  // A form posted with htmx answers 422 (invalid) or 409 (stale) with the
  // form re-rendered with inline errors: swap it in instead of failing. The
  // new form still holds unsaved input, so it stays "dirty".
  var reswapped = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    var target = e.detail.target;
    // Only forms that re-render themselves (hx-target="this"); an action
    // form (delete, suspend…) answering 409 shows its message as a toast.
    if ((status === 422 || status === 409) && target && target.tagName === "FORM" && target.getAttribute("hx-target") === "this") {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
      submitting = false;
      reswapped = target.id;
    }
  });

  // Other failed htmx requests (403, 404, 409 on an action, 500…) show the
  // server's problem fragment as a toast.
  document.addEventListener("htmx:responseError", function (e) {
    submitting = false;
    var xhr = e.detail.xhr;
    var tpl = document.createElement("template");
    tpl.innerHTML = xhr.responseText || "";
    var problem = tpl.content.querySelector("[data-problem]");
    if (problem) toast(problem, true); else toast(msg("Error"), true);
  });
  document.addEventListener("htmx:sendError", function () { submitting = false; toast(msg("Error"), true); });

  // Options arrived for an autocomplete: the text typed may now match one.
  document.addEventListener("htmx:afterSwap", function (e) {
    var t = e.detail.target;
    if (t && t.tagName === "DATALIST") {
      document.querySelectorAll('[data-ref-input][list="' + t.id + '"]').forEach(matchRef);
    }
  });

  document.addEventListener("htmx:load", function (e) {
    var elt = e.detail.elt;
    applyAllCols(elt);
    adoptToasts(elt);
    applyShowIf(elt);
    paintSwatches(elt);
    if (reswapped && elt.id === reswapped) {
      reswapped = null;
      markDirty(elt);
      var bad = elt.querySelector('[aria-invalid="true"]');
      if (bad && bad.focus) bad.focus();
    }
  });

  // ---------- Start ----------
  function start() {
    adoptToasts(document);
    applyAllCols(document);
    applyShowIf(document);
    paintSwatches(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
