/* GovQA staff lookup page. Plain JavaScript; all server text is inserted with textContent. */
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text != null) n.textContent = String(text);
    return n;
  }
  function str(v) { return v == null ? "" : String(v); }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function setStatus(node, text, isError) {
    node.textContent = text || "";
    node.className = "status" + (isError ? " error" : "");
  }

  // fetch JSON with a friendly Chinese error message
  function getJSON(url, opts) {
    return fetch(url, opts).then(function (resp) {
      return resp.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        if (!resp.ok) {
          var detail = data && typeof data.detail === "string" ? data.detail : "";
          var msg;
          if (resp.status === 429) {
            var ra = resp.headers.get("Retry-After");
            msg = "请求过于频繁" + (ra ? "，请在 " + ra + " 秒后再试" : "，请稍后再试");
          } else if (resp.status === 404) msg = "未找到（404）" + (detail ? "：" + detail : "");
          else if (resp.status === 422 || resp.status === 400) msg = "输入有误" + (detail ? "：" + detail : "");
          else if (resp.status === 401) msg = "管理密钥不正确或未填写";
          else if (resp.status === 409) msg = "与已入库的报告冲突" + (detail ? "：" + detail : "");
          else msg = "服务出错（" + resp.status + "）" + (detail ? "：" + detail : "");
          var err = new Error(msg);
          err.friendly = true;
          throw err;
        }
        if (data === null && t) {
          var e2 = new Error("服务返回的内容无法解析");
          e2.friendly = true;
          throw e2;
        }
        return data;
      });
    }, function () {
      var e = new Error("网络连接失败，请检查服务是否运行");
      e.friendly = true;
      throw e;
    });
  }

  function errText(e) { return e && e.friendly ? e.message : "出错了：" + str(e && e.message); }

  function reportTitle(r) {
    var agency = str(r.agency) || str(r.report_id) || "（未知机关）";
    return "《" + agency + (r.year != null && r.year !== "" ? str(r.year) + "年报" : "年报") + "》";
  }

  // ------------------------------------------------------------------ search
  var searchForm = $("search-form"), qInput = $("q"), results = $("results"), searchStatus = $("search-status");

  searchForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = qInput.value.trim();
    results.textContent = "";
    if (!q) { setStatus(searchStatus, "请输入检索词。", true); return; }
    setStatus(searchStatus, "检索中…");
    getJSON("/v1/search?q=" + encodeURIComponent(q) + "&k=10").then(function (data) {
      var items = Array.isArray(data) ? data : (data && Array.isArray(data.results) ? data.results : []);
      setStatus(searchStatus, items.length ? "共 " + items.length + " 条结果" : "没有找到相关内容。");
      items.forEach(function (it) {
        if (!isObj(it)) return;
        var li = el("li");
        var kind = str(it.kind) || "unknown";
        var kindNames = { prose: "正文", table_row: "表格行", contact: "联系方式", fact: "数据" };
        li.appendChild(el("span", "kind " + kind.replace(/[^a-z_]/g, ""), kindNames[kind] || kind));
        var src = reportTitle(it) + (it.section ? " · " + str(it.section) : "");
        var srcLink = el("a", "src", src);
        srcLink.href = "#";
        srcLink.addEventListener("click", function (ev) {
          ev.preventDefault();
          if (it.report_id) loadReport(str(it.report_id), it.key ? str(it.key) : null);
        });
        li.appendChild(srcLink);
        if (it.key) li.appendChild(el("span", "src", "  指标：" + str(it.key)));
        if (typeof it.score === "number") li.appendChild(el("span", "src", "  得分 " + it.score.toFixed(3)));
        li.appendChild(el("div", "text", str(it.text)));
        results.appendChild(li);
      });
    }).catch(function (e) { setStatus(searchStatus, errText(e), true); });
  });

  // ------------------------------------------------------------------ reports list
  var reportsUl = $("reports"), reportsStatus = $("reports-status"), filterInput = $("report-filter");
  var allReports = [];
  var currentReportId = null;

  function renderReports() {
    var f = filterInput.value.trim().toLowerCase();
    reportsUl.textContent = "";
    var shown = 0;
    allReports.forEach(function (r) {
      if (!isObj(r)) return;
      var hay = (str(r.agency) + " " + str(r.year) + " " + str(r.report_id)).toLowerCase();
      if (f && hay.indexOf(f) === -1) return;
      shown++;
      var li = el("li");
      var b = el("button");
      b.type = "button";
      b.setAttribute("data-report-id", str(r.report_id));
      if (str(r.report_id) === currentReportId) b.setAttribute("aria-current", "true");
      b.appendChild(document.createTextNode(str(r.agency) || str(r.report_id)));
      var meta = str(r.year) + "年 · " + (r.template ? str(r.template) + "版表格 · " : "") +
        (r.n_values != null ? str(r.n_values) + " 项数据" : "") +
        (r.n_findings ? " · " + str(r.n_findings) + " 个问题" : "");
      b.appendChild(el("span", "meta", meta));
      b.addEventListener("click", function () { loadReport(str(r.report_id)); });
      li.appendChild(b);
      reportsUl.appendChild(li);
    });
    setStatus(reportsStatus, allReports.length ? "共 " + allReports.length + " 份" + (f ? "，显示 " + shown + " 份" : "") : "暂无报告。");
  }

  function loadReports() {
    setStatus(reportsStatus, "加载中…");
    getJSON("/v1/reports").then(function (data) {
      allReports = Array.isArray(data) ? data : (data && Array.isArray(data.reports) ? data.reports : []);
      allReports.sort(function (a, b) {
        return (str(a && a.agency)).localeCompare(str(b && b.agency), "zh") || ((b && b.year) || 0) - ((a && a.year) || 0);
      });
      renderReports();
    }).catch(function (e) { setStatus(reportsStatus, errText(e), true); });
  }
  filterInput.addEventListener("input", renderReports);

  // ------------------------------------------------------------------ one report
  var reportDiv = $("report"), reportStatus = $("report-status");

  // Which value keys a finding is about, tried in order:
  //  1. keys named in its detail ("... requests.new.total = 8");
  //  2. keys under its column when the column is a table or row prefix ("appeals", "proactive.rules"),
  //     or whose row/group is the column ("new" → requests.new.*, "review" → appeals.review.*);
  //  3. keys of that column ("total") whose row token the detail mentions ("new", "handled_total"),
  //     else every key of that column.
  function flaggedKeys(keys, findings) {
    var flagged = {};
    findings.forEach(function (f) {
      if (!isObj(f)) return;
      var detail = str(f.detail), col = str(f.column);
      var named = keys.filter(function (k) { return detail.indexOf(k) !== -1; });
      var hits = named;
      if (!hits.length && col) {
        hits = keys.filter(function (k) {
          var parts = k.split(".");
          return k.indexOf(col + ".") === 0 || parts.slice(1, -1).join(".") === col;
        });
      }
      if (!hits.length && col) {
        var ofCol = keys.filter(function (k) { return k.split(".").pop() === col; });
        var byRow = ofCol.filter(function (k) {
          var row = k.split(".").slice(1, -1).join(".");
          return row && new RegExp("(^|[^a-z_.])" + row.replace(/\./g, "\\.") + "($|[^a-z_.])").test(detail);
        });
        hits = byRow.length ? byRow : ofCol;
      }
      hits.forEach(function (k) { flagged[k] = true; });
    });
    return flagged;
  }

  function loadReport(id, focusKey) {
    currentReportId = id;
    renderReports();
    reportDiv.textContent = "";
    setStatus(reportStatus, "加载中…");
    return getJSON("/v1/reports/" + encodeURIComponent(id)).then(function (r) {
      if (!isObj(r)) throw Object.assign(new Error("报告数据格式不正确"), { friendly: true });
      setStatus(reportStatus, "");
      var h = el("h3", null, reportTitle(r));
      reportDiv.appendChild(h);
      reportDiv.appendChild(el("p", "muted", "report_id：" + str(r.report_id) +
        (r.template ? " · 表格版式：" + str(r.template) : "")));
      reportDiv.appendChild(identityBlock(r));

      // contacts
      var c = isObj(r.contacts) ? r.contacts : {};
      var ck = Object.keys(c).filter(function (k) { return k !== "record_lines"; });
      if (ck.length) {
        reportDiv.appendChild(el("h3", null, "联系方式"));
        var dl = el("ul");
        var names = { office: "年报负责部门", phone: "电话", address: "地址", postcode: "邮编", email: "电子邮箱", fax: "传真", website: "网址" };
        ck.forEach(function (k) {
          var v = c[k];
          var text = Array.isArray(v) ? v.map(str).join("、") : (isObj(v) ? JSON.stringify(v) : str(v));
          dl.appendChild(el("li", null, (names[k] || k) + "：" + text));
        });
        reportDiv.appendChild(dl);
      }

      // findings
      var findings = Array.isArray(r.findings) ? r.findings : [];
      reportDiv.appendChild(el("h3", null, "勾稽关系检查（" + findings.length + " 个问题）"));
      if (findings.length) {
        var fu = el("ul", "findings");
        findings.forEach(function (f) {
          if (!isObj(f)) return;
          fu.appendChild(el("li", null, "[" + str(f.rule) + (f.column ? " · " + str(f.column) : "") + "] " + str(f.detail)));
        });
        reportDiv.appendChild(fu);
      } else {
        reportDiv.appendChild(el("p", "muted", "未发现问题。"));
      }

      // facts table
      var values = isObj(r.values) ? r.values : {};
      var blank = Array.isArray(r.blank) ? r.blank.map(str) : [];
      var keys = Object.keys(values).concat(blank.filter(function (k) { return !(k in values); }));
      keys.sort();
      var flagged = flaggedKeys(keys, findings);
      reportDiv.appendChild(el("h3", null, "表格数据（" + Object.keys(values).length + " 项，空白 " + blank.length + " 项）"));
      var table = el("table");
      var cap = el("caption", "sr", "报告表格数据；标橙色的行与勾稽关系问题有关");
      table.appendChild(cap);
      var thead = el("thead"), tr0 = el("tr");
      tr0.appendChild(el("th", null, "指标（key）"));
      tr0.appendChild(el("th", null, "数值"));
      thead.appendChild(tr0);
      table.appendChild(thead);
      var tbody = el("tbody");
      var focusRow = null;
      keys.forEach(function (k) {
        var tr = el("tr");
        tr.setAttribute("data-key", k);
        var isBlank = !(k in values);
        if (flagged[k]) { tr.className = "flagged"; tr.title = "与勾稽关系问题有关"; }
        if (isBlank) tr.className += " blank";
        tr.appendChild(el("td", null, k));
        tr.appendChild(el("td", "num", isBlank ? "（空白）" : str(values[k])));
        if (flagged[k]) tr.lastChild.appendChild(el("span", "sr", "（有问题）"));
        tbody.appendChild(tr);
        if (focusKey && k === focusKey) focusRow = tr;
      });
      table.appendChild(tbody);
      reportDiv.appendChild(table);
      if (!keys.length) reportDiv.appendChild(el("p", "muted", "该报告没有解析出表格数据。"));
      if (focusRow) {
        focusRow.style.outline = "2px solid #1a4d8f";
        focusRow.scrollIntoView({ block: "center" });
      } else {
        $("report-section").scrollIntoView({ block: "start" });
      }
    }).catch(function (e) { setStatus(reportStatus, errText(e), true); });
  }

  // ------------------------------------------------------------------ correct a report's identity
  // POST /v1/reports/{id}/identity (admin): the report moves to {year}-{agency} without a new upload.
  var adminKey = "";  // kept in this page only, never stored

  function identityBlock(r) {
    var box = el("div");
    var idn = isObj(r.identity) ? r.identity : {};
    var from = [];
    if (idn.agency_from) from.push("机关名称来自：" + str(idn.agency_from));
    if (idn.year_from) from.push("年度来自：" + str(idn.year_from));
    if (from.length) box.appendChild(el("p", "muted", from.join(" · ")));
    var variants = Array.isArray(r.agency_variants) ? r.agency_variants.map(str).filter(Boolean) : [];
    if (variants.length) box.appendChild(el("p", "muted", "报告中的其他名称：" + variants.join("、")));

    var details = el("details");
    details.appendChild(el("summary", null, "更正机关名称或年度（需管理密钥）"));
    var form = el("form", "identity-form");
    form.id = "identity-form";
    var fields = [
      ["identity-agency", "机关名称", "text", str(r.agency)],
      ["identity-year", "年度（报告统计的年份）", "number", r.year != null ? str(r.year) : ""],
      ["identity-key", "管理密钥", "password", adminKey]
    ];
    fields.forEach(function (f) {
      var label = el("label", null, f[1]);
      label.setAttribute("for", f[0]);
      var input = el("input");
      input.id = f[0];
      input.type = f[2];
      input.value = f[3];
      if (f[2] === "number") { input.min = "2000"; input.step = "1"; }
      if (f[2] === "password") input.autocomplete = "current-password";
      form.appendChild(label);
      form.appendChild(input);
    });
    var button = el("button", null, "更正");
    button.type = "submit";
    form.appendChild(button);
    var status = el("p", "status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var agency = $("identity-agency").value.trim(), yearText = $("identity-year").value.trim();
      adminKey = $("identity-key").value.trim();
      var body = {};
      if (agency && agency !== str(r.agency)) body.agency = agency;
      if (yearText && yearText !== str(r.year)) {
        if (!/^\d{4}$/.test(yearText)) { setStatus(status, "年度应为四位数字，例如 2023。", true); return; }
        body.year = parseInt(yearText, 10);
      }
      if (!("agency" in body) && !("year" in body)) { setStatus(status, "机关名称和年度都没有改变。", true); return; }
      if (!adminKey) { setStatus(status, "请填写管理密钥。", true); return; }
      button.disabled = true;
      setStatus(status, "正在更正…");
      getJSON("/v1/reports/" + encodeURIComponent(str(r.report_id)) + "/identity", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + adminKey },
        body: JSON.stringify(body)
      }).then(function (res) {
        var id = isObj(res) ? str(res.report_id) : "";
        setStatus(status, "已更正为 " + id);
        loadReports();
        if (id) loadReport(id).then(function () {
          if (currentReportId === id && reportDiv.firstChild) setStatus(reportStatus, "已更正：" + str(r.report_id) + " → " + id);
        });
      }).catch(function (err) {
        setStatus(status, errText(err), true);
      }).then(function () { button.disabled = false; });
    });
    details.appendChild(form);
    box.appendChild(details);
    return box;
  }

  // ------------------------------------------------------------------ ask + copy
  var askForm = $("ask-form"), askQ = $("ask-q"), askStatus = $("ask-status"), answerDiv = $("answer"),
    copyBtn = $("copy"), askScope = $("ask-scope");
  var lastAnswer = null;

  function citationLine(c) {
    return reportTitle(c) + (c.section ? " · " + str(c.section) : "");
  }

  function answerAsText(ans) {
    var lines = [str(ans.answer)];
    var cites = Array.isArray(ans.citations) ? ans.citations : [];
    if (cites.length) {
      lines.push("", "出处：");
      cites.forEach(function (c, i) {
        if (!isObj(c)) return;
        lines.push((i + 1) + ". " + citationLine(c));
        if (c.text) lines.push("   原文：" + str(c.text));
      });
    }
    return lines.join("\n");
  }

  askQ.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      askForm.requestSubmit ? askForm.requestSubmit() : askForm.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  askForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = askQ.value.trim();
    if (!q) { setStatus(askStatus, "请输入问题。", true); return; }
    var body = { question: q.slice(0, 500) };
    if (askScope.checked && currentReportId) body.report_id = currentReportId;
    setStatus(askStatus, "正在回答…");
    answerDiv.textContent = "";
    copyBtn.disabled = true;
    lastAnswer = null;
    getJSON("/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (ans) {
      if (!isObj(ans)) throw Object.assign(new Error("回答格式不正确"), { friendly: true });
      setStatus(askStatus, "");
      lastAnswer = ans;
      var box = el("div", "answer" + (ans.refused ? " refused" : ""));
      if (ans.refused) { box.appendChild(el("span", "badge", "报告中未找到")); box.appendChild(document.createTextNode(" ")); }
      box.appendChild(document.createTextNode(str(ans.answer)));
      var cites = Array.isArray(ans.citations) ? ans.citations : [];
      if (cites.length) {
        var ol = el("ol");
        cites.forEach(function (c) {
          if (!isObj(c)) return;
          var li = el("li");
          var d = el("details");
          d.appendChild(el("summary", null, citationLine(c) + (c.key ? "（" + str(c.key) + "）" : "")));
          d.appendChild(el("div", "text", str(c.text)));
          li.appendChild(d);
          ol.appendChild(li);
        });
        box.appendChild(ol);
      }
      answerDiv.appendChild(box);
      copyBtn.disabled = false;
    }).catch(function (e) { setStatus(askStatus, errText(e), true); });
  });

  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.top = "-1000px";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }

  copyBtn.addEventListener("click", function () {
    if (!lastAnswer) return;
    var text = answerAsText(lastAnswer);
    var done = function (ok) {
      setStatus(askStatus, ok ? "已复制回答及出处。" : "复制失败，请手动选择文本复制。", !ok);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  });

  // ------------------------------------------------------------------ figures explorer
  // One figure (GET /v1/facts/keys → GET /v1/facts?key=…) across every report in the store:
  // a searchable picker, agency and year filters, a sortable table, a chart, the route's CSV.
  // A blank, unread or absent cell is shown in words, never as 0, and never drawn as 0.
  var STATE_WORDS = { blank: "空白", unread: "未能读出", absent: "未列此项" };
  var STATE_ORDER = { value: 0, blank: 1, unread: 2, absent: 3 };
  var FX_COLORS = ["#1a4d8f", "#d97706", "#059669", "#b3261e", "#7c3aed", "#0891b2"];
  var FX_MAX_OPTIONS = 80;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var fx = {
    keys: [], key: null, rows: [], byTerm: {}, sort: "agency", dir: 1, token: 0,
    input: $("fx-key"), list: $("fx-key-list"), agency: $("fx-agency"), years: $("fx-years"),
    status: $("fx-status"), result: $("fx-result"), tbody: $("fx-rows"), chart: $("fx-chart"),
    csv: $("fx-csv"), csvNote: $("fx-csv-note"), caption: $("fx-caption"), options: [], active: -1
  };

  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    if (text != null) n.textContent = String(text);
    return n;
  }
  function fmtNum(v) { return typeof v === "number" ? v.toLocaleString("zh-CN", { maximumFractionDigits: 2 }) : str(v); }
  function stateWord(r) { return STATE_WORDS[r.state] || "未列此项"; }
  function isValue(r) { return r.state === "value" && typeof r.value === "number"; }
  function fxUnit() { return fx.key ? str(fx.key.unit) : ""; }

  // ---- the picker (a combobox over the template's own words)
  function fxMatches(text) {
    var terms = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return fx.keys.filter(function (k) {
      var hay = (str(k.label) + " " + str(k.key)).toLowerCase();
      return terms.every(function (t) { return hay.indexOf(t) !== -1; });
    });
  }
  function fxSetActive(i) {
    var items = fx.list.querySelectorAll('[role="option"]');
    if (fx.active >= 0 && items[fx.active]) items[fx.active].setAttribute("aria-selected", "false");
    fx.active = items.length ? Math.max(0, Math.min(i, items.length - 1)) : -1;
    if (fx.active >= 0) {
      var li = items[fx.active];
      li.setAttribute("aria-selected", "true");
      fx.input.setAttribute("aria-activedescendant", li.id);
      if (li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    } else {
      fx.input.removeAttribute("aria-activedescendant");
    }
  }
  function fxOpenList() {
    var found = fxMatches(fx.input.value);
    fx.options = found.slice(0, FX_MAX_OPTIONS);
    fx.list.textContent = "";
    fx.active = -1;
    fx.input.removeAttribute("aria-activedescendant");
    fx.options.forEach(function (k, i) {
      var li = el("li");
      li.id = "fx-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-key", str(k.key));
      li.appendChild(document.createTextNode(str(k.label)));
      var small = el("span", "fx-optkey", str(k.key) + (k.unit ? " · " + str(k.unit) : ""));
      small.setAttribute("aria-hidden", "true");
      li.appendChild(small);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep focus in the input
      li.addEventListener("click", function () { fxPick(k); });
      fx.list.appendChild(li);
    });
    if (!fx.options.length) fx.list.appendChild(el("li", "fx-none", fx.keys.length ? "没有匹配的指标" : "指标列表尚未加载"));
    else if (found.length > fx.options.length)
      fx.list.appendChild(el("li", "fx-none", "另有 " + (found.length - fx.options.length) + " 项，请输入更多文字"));
    fx.list.hidden = false;
    fx.input.setAttribute("aria-expanded", "true");
  }
  function fxCloseList() {
    fx.list.hidden = true;
    fx.active = -1;
    fx.input.setAttribute("aria-expanded", "false");
    fx.input.removeAttribute("aria-activedescendant");
  }
  function fxPick(k) {
    fx.key = k;
    fx.input.value = str(k.label);
    fxCloseList();
    fxLoad();
  }

  fx.input.addEventListener("input", fxOpenList);
  fx.input.addEventListener("focus", function () { if (fx.list.hidden) fxOpenList(); });
  fx.input.addEventListener("blur", function () { setTimeout(fxCloseList, 0); });
  fx.input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (fx.list.hidden) fxOpenList();
      fxSetActive(fx.active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (e.isComposing || e.keyCode === 229) return;
      var i = fx.active >= 0 ? fx.active : (fx.options.length === 1 ? 0 : -1);
      if (!fx.list.hidden && i >= 0 && fx.options[i]) fxPick(fx.options[i]);
    } else if (e.key === "Escape" && !fx.list.hidden) {
      e.preventDefault();
      fxCloseList();
    }
  });

  function fxLoadKeys() {
    getJSON("/v1/facts/keys").then(function (data) {
      fx.keys = (Array.isArray(data) ? data : []).filter(function (k) { return isObj(k) && k.key; });
      if (!fx.list.hidden) fxOpenList();
    }).catch(function (e) { setStatus(fx.status, "指标列表加载失败：" + errText(e), true); });
  }

  // ---- the rows of one key, and the filters
  function fxLoad() {
    var key = fx.key, token = ++fx.token;
    fx.byTerm = {};
    setStatus(fx.status, "加载中…");
    getJSON("/v1/facts?key=" + encodeURIComponent(key.key)).then(function (data) {
      if (token !== fx.token) return;
      fx.rows = (Array.isArray(data) ? data : []).filter(isObj);
      fxRenderYears();
      fxResolveTerms().then(function () { if (token === fx.token) fxRender(); });
    }).catch(function (e) {
      if (token !== fx.token) return;
      fx.result.hidden = true;
      setStatus(fx.status, errText(e), true);
    });
  }

  function fxTerms() {
    return fx.agency.value.trim().split(/[\s,，、;；]+/).filter(Boolean);
  }
  // The service also knows an agency by its other names (规建交局, 上海市科委): each term's
  // report ids from GET /v1/facts?agency=term count besides a plain substring match.
  function fxResolveTerms() {
    if (!fx.key) return Promise.resolve();
    var key = fx.key.key;
    var todo = fxTerms().filter(function (t) { return !(t in fx.byTerm); });
    return Promise.all(todo.map(function (t) {
      return getJSON("/v1/facts?key=" + encodeURIComponent(key) + "&agency=" + encodeURIComponent(t)).then(function (data) {
        var ids = {};
        (Array.isArray(data) ? data : []).forEach(function (r) { if (isObj(r)) ids[str(r.report_id)] = true; });
        if (fx.key && fx.key.key === key) fx.byTerm[t] = ids;
      }, function () { if (fx.key && fx.key.key === key) fx.byTerm[t] = {}; });
    }));
  }

  function fxRenderYears() {
    var checked = {};
    fx.years.querySelectorAll("input:checked").forEach(function (c) { checked[c.value] = true; });
    var years = {};
    fx.rows.forEach(function (r) { if (r.year != null) years[str(r.year)] = true; });
    var legend = fx.years.querySelector("legend");
    fx.years.textContent = "";
    fx.years.appendChild(legend);
    Object.keys(years).sort().forEach(function (y) {
      var label = el("label");
      var cb = el("input");
      cb.type = "checkbox";
      cb.value = y;
      cb.checked = !!checked[y];
      cb.addEventListener("change", fxRender);
      label.appendChild(cb);
      label.appendChild(document.createTextNode(y + "年"));
      fx.years.appendChild(label);
    });
    if (!Object.keys(years).length) fx.years.appendChild(el("span", "muted", "库中没有报告。"));
  }

  function fxChosenYears() {
    var ys = [];
    fx.years.querySelectorAll("input:checked").forEach(function (c) { ys.push(c.value); });
    return ys;
  }

  function fxTermMatches(r, t) {
    return str(r.agency).indexOf(t) !== -1 || !!(fx.byTerm[t] && fx.byTerm[t][str(r.report_id)]);
  }

  function fxShownRows() {
    var terms = fxTerms(), years = fxChosenYears();
    return fx.rows.filter(function (r) {
      if (years.length && years.indexOf(str(r.year)) === -1) return false;
      return !terms.length || terms.some(function (t) { return fxTermMatches(r, t); });
    });
  }

  function fxCompare(a, b) {
    var d;
    if (fx.sort === "value") {
      var sa = STATE_ORDER[a.state] == null ? 3 : STATE_ORDER[a.state], sb = STATE_ORDER[b.state] == null ? 3 : STATE_ORDER[b.state];
      if (isValue(a) && isValue(b)) d = fx.dir * (a.value - b.value);
      else d = (isValue(a) ? 0 : sa) - (isValue(b) ? 0 : sb);  // blanks and the like after the figures, either way
    } else if (fx.sort === "year") {
      d = fx.dir * ((a.year || 0) - (b.year || 0));
    } else {
      d = fx.dir * str(a.agency).localeCompare(str(b.agency), "zh");
    }
    return d || str(a.agency).localeCompare(str(b.agency), "zh") || (a.year || 0) - (b.year || 0);
  }

  fx.result.querySelectorAll("th[data-sort] button").forEach(function (b) {
    b.addEventListener("click", function () {
      var col = b.parentNode.getAttribute("data-sort");
      if (fx.sort === col) fx.dir = -fx.dir;
      else { fx.sort = col; fx.dir = col === "value" ? -1 : 1; }
      fxRender();
    });
  });
  fx.agency.addEventListener("input", function () {
    clearTimeout(fx.agencyTimer);
    fx.agencyTimer = setTimeout(function () {
      var token = fx.token;
      fxResolveTerms().then(function () { if (token === fx.token && fx.key) fxRender(); });
    }, 250);
  });

  function fxCsvHref(shown) {
    // The route narrows by one agency and one year: the CSV holds what the table shows
    // where the filters fit that, else every report of the key (said beside the link).
    var url = "/v1/facts?key=" + encodeURIComponent(fx.key.key) + "&format=csv";
    var years = fxChosenYears(), terms = fxTerms(), notes = [];
    if (years.length === 1) url += "&year=" + encodeURIComponent(years[0]);
    else if (years.length > 1) notes.push("全部年度");
    // agency=term gives the reports the service resolves the term to; the table also shows
    // agencies merely containing it: the same only when no row is shown for that alone
    var t = terms.length === 1 ? terms[0] : null;
    var resolved = t && fx.byTerm[t];
    if (resolved && fx.rows.every(function (r) { return !fxTermMatches(r, t) || resolved[str(r.report_id)]; }))
      url += "&agency=" + encodeURIComponent(t);
    else if (terms.length) notes.push("全部机关");
    fx.csvNote.textContent = notes.length ? "（CSV 含" + notes.join("、") + "：接口只按单一机关和年度筛选）" : "";
    return url;
  }

  function fxRender() {
    if (!fx.key) return;
    var shown = fxShownRows().sort(fxCompare);
    var unit = fxUnit();
    fx.result.querySelectorAll("th[data-sort]").forEach(function (th) {
      var on = th.getAttribute("data-sort") === fx.sort;
      th.setAttribute("aria-sort", on ? (fx.dir > 0 ? "ascending" : "descending") : "none");
      th.querySelector("span").textContent = on ? (fx.dir > 0 ? " ▲" : " ▼") : "";
    });
    fx.result.querySelector('th[data-sort="value"] button').firstChild.textContent = "数值" + (unit ? "（" + unit + "）" : "");
    fx.caption.textContent = str(fx.key.label) + (unit ? "（" + unit + "）" : "") + "：各报告的数值；点击列标题排序";
    fx.tbody.textContent = "";
    var counts = { value: 0, blank: 0, unread: 0, absent: 0 };
    shown.forEach(function (r) {
      counts[r.state in counts ? r.state : "absent"]++;
      var tr = el("tr");
      tr.setAttribute("data-report-id", str(r.report_id));
      tr.setAttribute("data-state", str(r.state));
      var tdA = el("td", "fx-agency");
      var a = el("a", null, str(r.agency) || str(r.report_id));
      a.href = "/v1/reports/" + encodeURIComponent(str(r.report_id));
      a.title = "查看报告 " + str(r.report_id);
      a.addEventListener("click", function (ev) {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;  // a new tab gets the JSON
        ev.preventDefault();
        loadReport(str(r.report_id), fx.key ? str(fx.key.key) : null);
      });
      tdA.appendChild(a);
      tr.appendChild(tdA);
      tr.appendChild(el("td", "num", r.year != null ? str(r.year) : ""));
      var tdV = isValue(r) ? el("td", "num fx-value", fmtNum(r.value)) : el("td", "num fx-value fx-state", stateWord(r));
      var findings = Array.isArray(r.findings) ? r.findings.filter(isObj) : [];
      if (findings.length) {
        var detail = findings.map(function (f) { return str(f.detail) || str(f.rule); }).join("\n");
        tr.className = "flagged";
        tr.title = detail;
        var flag = el("span", "fx-flag", "⚠");
        flag.title = detail;
        flag.setAttribute("aria-hidden", "true");
        tdV.appendChild(flag);
        tdV.appendChild(el("span", "sr", "（勾稽关系问题：" + detail + "）"));
      }
      tr.appendChild(tdV);
      fx.tbody.appendChild(tr);
    });
    fx.result.hidden = false;
    var parts = ["有数值 " + counts.value];
    ["blank", "unread", "absent"].forEach(function (s) { if (counts[s]) parts.push(STATE_WORDS[s] + " " + counts[s]); });
    setStatus(fx.status, str(fx.key.label) + "：" + (shown.length ? "共 " + shown.length + " 份报告（" + parts.join("，") + "）" :
      "没有符合筛选条件的报告。"));
    fx.csv.href = fxCsvHref(shown);
    fxChart(shown);
  }

  // ---- charts (inline SVG; widths in %, so text keeps its size at any width)
  function fxChart(rows) {
    fx.chart.textContent = "";
    if (!rows.length) return;
    var years = {}, agencies = {};
    rows.forEach(function (r) { years[str(r.year)] = true; agencies[str(r.agency)] = true; });
    var ny = Object.keys(years).length, na = Object.keys(agencies).length;
    if (ny === 1) fxBarChart(rows);
    else if (na <= FX_COLORS.length) fxLineChart(rows, Object.keys(agencies), Object.keys(years).sort());
    else fx.chart.appendChild(el("p", "muted", "选择单一年度显示柱状图，或筛选至多 " + FX_COLORS.length + " 个机关显示折线图。"));
  }

  function fxBarChart(rows) {
    var unit = fxUnit(), ROW = 36;
    var max = 0;
    rows.forEach(function (r) { if (isValue(r)) max = Math.max(max, Math.abs(r.value)); });
    var s = svg("svg", { height: rows.length * ROW + 4, role: "img", "class": "fx-bars",
      "aria-label": "柱状图：" + str(rows[0].year) + "年各机关" + str(fx.key.label) });
    s.appendChild(svg("title", {}, str(rows[0].year) + "年 " + str(fx.key.label)));
    rows.forEach(function (r, i) {
      var y = i * ROW;
      s.appendChild(svg("text", { x: 0, y: y + 13, "font-size": 12, fill: "#374151" }, str(r.agency) || str(r.report_id)));
      if (isValue(r)) {
        var pct = max ? Math.abs(r.value) / max * 75 : 0;
        s.appendChild(svg("rect", { x: 0, y: y + 18, width: pct.toFixed(2) + "%", height: 13, rx: 2,
          fill: r.value < 0 ? "#b3261e" : (r.findings && r.findings.length ? "#d97706" : "#1a4d8f") }));
        s.appendChild(svg("text", { x: pct.toFixed(2) + "%", dx: 4, y: y + 29, "font-size": 12, fill: "#1f2933" },
          fmtNum(r.value) + unit));
      } else {
        s.appendChild(svg("text", { x: 0, y: y + 29, "font-size": 12, fill: "#6b7280", "font-style": "italic" },
          stateWord(r) + "（不计为 0）"));
      }
    });
    fx.chart.appendChild(s);
  }

  function fxLineChart(rows, agencies, years) {
    // the plot ends at BOTTOM; a year whose cell holds no figure is marked in a band
    // below it (GAP), apart from the 0 line, and joins no line
    var H = 222, TOP = 12, BOTTOM = 170, GAP = 192, LEFT = 16, RIGHT = 96;
    var max = 0, min = 0;
    rows.forEach(function (r) { if (isValue(r)) { max = Math.max(max, r.value); min = Math.min(min, r.value); } });
    if (max === min) max = min + 1;
    var yOf = function (v) { return BOTTOM - (v - min) / (max - min) * (BOTTOM - TOP); };
    var xOf = function (y) {
      var i = years.indexOf(str(y));
      return (years.length === 1 ? (LEFT + RIGHT) / 2 : LEFT + i * (RIGHT - LEFT) / (years.length - 1)).toFixed(2) + "%";
    };
    var s = svg("svg", { height: H, role: "img", "class": "fx-lines",
      "aria-label": "折线图：" + agencies.join("、") + " 各年度" + str(fx.key.label) });
    s.appendChild(svg("title", {}, str(fx.key.label) + "（" + years[0] + "–" + years[years.length - 1] + "年）"));
    var integers = rows.every(function (r) { return !isValue(r) || Math.round(r.value) === r.value; });
    var mid = integers ? Math.round((min + max) / 2) : (min + max) / 2;
    [min, mid, max].forEach(function (v) {
      s.appendChild(svg("line", { x1: LEFT + "%", x2: RIGHT + "%", y1: yOf(v), y2: yOf(v), stroke: "#e5e7eb" }));
      s.appendChild(svg("text", { x: (LEFT - 1) + "%", y: yOf(v) + 4, "font-size": 11, fill: "#6b7280", "text-anchor": "end" },
        fmtNum(Math.round(v * 100) / 100)));
    });
    years.forEach(function (y) {
      s.appendChild(svg("text", { x: xOf(y), y: H - 4, "font-size": 11, fill: "#374151", "text-anchor": "middle" }, y));
    });
    var legend = el("ul", "fx-legend");
    var gapsAt = {};  // year → gap markers drawn there so far (several agencies side by side)
    agencies.forEach(function (agency, ai) {
      var color = FX_COLORS[ai % FX_COLORS.length];
      var series = rows.filter(function (r) { return str(r.agency) === agency; })
        .sort(function (a, b) { return (a.year || 0) - (b.year || 0); });
      series.forEach(function (r, i) {
        var next = series[i + 1];
        // a line joins two figures only: a blank, unread or absent year breaks it
        if (next && isValue(r) && isValue(next))
          s.appendChild(svg("line", { x1: xOf(r.year), y1: yOf(r.value), x2: xOf(next.year), y2: yOf(next.value),
            stroke: color, "stroke-width": 2 }));
      });
      series.forEach(function (r) {
        var dot;
        if (isValue(r)) {
          dot = svg("circle", { cx: xOf(r.year), cy: yOf(r.value), r: 4, fill: color, "class": "fx-point" });
        } else if (agencies.length === 1) {
          dot = svg("text", { x: xOf(r.year), y: GAP, "font-size": 11, fill: "#6b7280", "font-style": "italic",
            "text-anchor": "middle", "class": "fx-gap" }, stateWord(r));
        } else {
          var n = gapsAt[str(r.year)] = (gapsAt[str(r.year)] || 0) + 1;
          dot = svg("circle", { cx: xOf(r.year), cy: GAP - 4, r: 4, fill: "#fff", stroke: color, "stroke-width": 2,
            "stroke-dasharray": "2 2", transform: "translate(" + ((n - 1) * 10) + " 0)", "class": "fx-gap" });
        }
        dot.appendChild(svg("title", {}, agency + " " + str(r.year) + "年：" + (isValue(r) ? fmtNum(r.value) + fxUnit() : stateWord(r))));
        s.appendChild(dot);
      });
      var li = el("li");
      var sw = el("span");
      sw.style.background = color;
      li.appendChild(sw);
      li.appendChild(document.createTextNode(agency));
      legend.appendChild(li);
    });
    fx.chart.appendChild(s);
    fx.chart.appendChild(legend);
    if (rows.some(function (r) { return !isValue(r); }))
      fx.chart.appendChild(el("p", "muted", agencies.length === 1 ? "年份上方的文字：该年度没有数值（空白、未能读出或未列此项），不按 0 画线。"
        : "年份上方的虚线圈：该机关该年度没有数值（空白、未能读出或未列此项），不按 0 画线；鼠标停留可见说明。"));
  }

  fxLoadKeys();

  // expose for tests / debugging
  window.GovQAStaff = { answerAsText: answerAsText, loadReport: loadReport };

  loadReports();
})();
