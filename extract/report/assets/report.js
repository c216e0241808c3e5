/* baocao: the annotated report's behaviour.  Reads records from data-* attributes and
   writes with textContent only (never HTML), so nothing in a report can become markup. */
(function () {
  "use strict";
  var root = document.querySelector(".report");
  if (!root) { return; }
  var detail = document.getElementById("detail-body");
  var lang = (document.getElementById("detail") || {dataset: {}}).dataset.lang || "vi";
  var W = lang === "en" ? {
    figure: "Figure", value: "Value", unit: "Unit", label: "Label", counted: "Counts", place: "Place",
    statement: "Statement", others: "Figures in it", none: "Not part of any statement found.",
    reference: "Reference", key: "Key", form: "Form", date: "Date", issuer: "Issuer", relation: "Relation",
    cites: "Who cites this", finding: "Findings on this figure", whole: "whole", part: "part",
    percent: "percent", numerator: "numerator", denominator: "denominator"
  } : {
    figure: "Số liệu", value: "Giá trị", unit: "Đơn vị", label: "Chỉ tiêu", counted: "Đếm", place: "Vị trí",
    statement: "Mệnh đề", others: "Các số liệu trong mệnh đề", none: "Không thuộc mệnh đề nào tìm được.",
    reference: "Trích dẫn", key: "Số hiệu", form: "Dạng", date: "Ngày", issuer: "Cơ quan", relation: "Quan hệ",
    cites: "Văn bản nào trích dẫn", finding: "Kết quả kiểm tra liên quan", whole: "tổng", part: "thành phần",
    percent: "tỷ lệ", numerator: "tử số", denominator: "mẫu số"
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function kv(dl, k, v) {
    if (v === undefined || v === null || v === "") { return; }
    var d = el("div", "kv");
    d.appendChild(el("dt", null, k));
    d.appendChild(el("dd", null, v));
    dl.appendChild(d);
  }
  function where(e) {
    var p = e.dataset.page, l = e.dataset.line;
    return p ? p + ":" + (l || "") : (l || "");
  }
  function pieces(id) { return root.querySelectorAll('[data-id="' + id + '"]'); }
  function clearMarks() {
    root.querySelectorAll(".m.sel, .m.peer").forEach(function (m) { m.classList.remove("sel", "peer"); });
    root.querySelectorAll(".finding.active").forEach(function (m) { m.classList.remove("active"); });
  }
  function mark(id, cls) { pieces(id).forEach(function (m) { m.classList.add(cls); }); }
  function flash(id) {
    pieces(id).forEach(function (m) {
      m.classList.remove("flash");
      void m.offsetWidth;
      m.classList.add("flash");
    });
  }
  function goTo(id) {
    var first = document.getElementById(id);
    if (!first) { return; }
    first.scrollIntoView({block: "center"});
    flash(id);
  }
  function jump(id, text) {
    var a = el("a", null, text);
    a.href = "#" + id;
    a.addEventListener("click", function (ev) { ev.preventDefault(); goTo(id); mark(id, "peer"); history.replaceState(null, "", "#" + id); });
    return a;
  }

  function showFigure(f) {
    clearMarks();
    mark(f.dataset.id, "sel");
    detail.textContent = "";
    detail.appendChild(el("h3", null, W.figure + " " + (f.dataset.text || f.textContent)));
    var dl = el("dl");
    kv(dl, W.value, f.dataset.value);
    kv(dl, W.unit, f.dataset.unit);
    kv(dl, W.label, f.dataset.label);
    kv(dl, W.counted, f.dataset.counted);
    kv(dl, W.place, where(f));
    detail.appendChild(dl);
    var stmts = (f.dataset.statements || "").split(" ").filter(Boolean);
    if (!stmts.length) { detail.appendChild(el("p", "hint", W.none)); }
    stmts.forEach(function (sid) {
      var s = document.getElementById(sid);
      if (!s) { return; }
      detail.appendChild(el("h3", null, W.statement + " (" + (s.dataset.statementKind || "") + ")"));
      detail.appendChild(el("p", "quote", s.dataset.text || ""));
      detail.appendChild(el("p", "hint", W.others + ":"));
      var ul = el("ul");
      (s.dataset.roles || "").split(" ").filter(Boolean).forEach(function (rg) {
        var i = rg.indexOf(":"), role = rg.slice(0, i), gid = rg.slice(i + 1);
        var g = document.getElementById(gid);
        if (!g) { return; }
        if (gid !== f.dataset.id) { mark(gid, "peer"); }
        var li = el("li");
        li.appendChild(el("span", null, (W[role] || role) + ": "));
        li.appendChild(jump(gid, (g.dataset.text || g.textContent) + (g.dataset.unit ? " " + g.dataset.unit : "")));
        if (gid === f.dataset.id) { li.appendChild(el("span", null, " ◀")); }
        ul.appendChild(li);
      });
      detail.appendChild(ul);
    });
    var fs = (f.dataset.findings || "").split(" ").filter(Boolean);
    if (fs.length) {
      detail.appendChild(el("h3", null, W.finding));
      var ul2 = el("ul");
      fs.forEach(function (fid) {
        var item = root.querySelector('.finding[data-target="' + fid + '"]');
        var li = el("li");
        li.appendChild(jump(fid, item ? (item.dataset.rule + ": " + item.querySelector(".msg").textContent) : fid));
        ul2.appendChild(li);
      });
      detail.appendChild(ul2);
    }
  }

  function showReference(r) {
    clearMarks();
    mark(r.dataset.id, "sel");
    detail.textContent = "";
    detail.appendChild(el("h3", null, W.reference));
    detail.appendChild(el("p", "quote", r.dataset.text || r.textContent));
    var dl = el("dl");
    kv(dl, W.key, r.dataset.cited || r.dataset.key);
    kv(dl, W.form, r.dataset.form);
    kv(dl, W.date, r.dataset.date);
    kv(dl, W.issuer, r.dataset.issuer);
    kv(dl, W.relation, r.dataset.relation);
    kv(dl, W.place, where(r));
    detail.appendChild(dl);
    var url = r.dataset.citesUrl;
    if (url && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      var a = el("a", "button secondary", W.cites);
      a.href = url;
      detail.appendChild(a);
    }
  }

  root.addEventListener("click", function (ev) {
    var t = ev.target.closest ? ev.target : null;
    if (!t) { return; }
    var go = t.closest("a.goto");
    if (go) {
      ev.preventDefault();
      var id = go.dataset.target;
      clearMarks();
      var item = go.closest(".finding");
      if (item) { item.classList.add("active"); }
      var first = document.getElementById(id);
      if (first) { (first.dataset.figures || "").split(" ").filter(Boolean).forEach(function (g) { mark(g, "peer"); }); }
      goTo(id);
      history.replaceState(null, "", "#" + id);
      return;
    }
    var m = t.closest(".text .m-figure, .notes .m-figure");
    if (m) { showFigure(m); return; }
    var r = t.closest(".text .m-reference, .notes .m-reference");
    if (r) { showReference(r); return; }
    var fm = t.closest(".text .m-finding");
    if (fm) {
      var it = root.querySelector('.finding[data-target="' + fm.dataset.id + '"]');
      if (it) { clearMarks(); it.classList.add("active"); it.scrollIntoView({block: "nearest"}); }
    }
  });
  root.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var m = ev.target.closest && ev.target.closest(".m-figure, .m-reference");
    if (m) { m.click(); }
  });
  if (location.hash.length > 1) {
    var id = decodeURIComponent(location.hash.slice(1));
    if (/^[a-z]\d+$/.test(id)) { setTimeout(function () { goTo(id); }, 50); }
  }
})();
