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
      var ck = Object.keys(c);
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

  // expose for tests / debugging
  window.GovQAStaff = { answerAsText: answerAsText, loadReport: loadReport };

  loadReports();
})();
