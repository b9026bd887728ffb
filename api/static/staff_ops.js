/* GovQA staff page: the question log (常见问题, 未能回答, a chart per day), feedback (反馈) and
   the FAQ (list with stale entries first, an editor prefilled from a logged answer).
   Every route here is an admin route: the key is typed on the page and kept in memory only.
   All server text is inserted with textContent. */
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var SVG_NS = "http://www.w3.org/2000/svg";
  var STATUS_WORDS = { answered: "已回答", refused: "未能回答", clarified: "追问", faq: "FAQ 回答" };
  var FAQ_WORDS = { draft: "草稿", published: "已发布", withdrawn: "已撤回" };
  var key = "";
  var days = 30;
  var editing = null;  // the id of the entry in the editor, null for a new one
  var citations = [];  // the editor's citations
  var fromAnswer = null;

  function el(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text != null) n.textContent = String(text);
    return n;
  }
  function str(v) { return v == null ? "" : String(v); }
  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    if (text != null) n.textContent = String(text);
    return n;
  }
  function setStatus(node, text, isError) {
    node.textContent = text || "";
    node.className = "status" + (isError ? " error" : "");
  }
  function pct(a, b) { return b ? Math.round(a * 1000 / b) / 10 + "%" : "—"; }

  function api(path, opts) {
    opts = opts || {};
    var headers = { "Authorization": "Bearer " + key };
    if (opts.body) headers["Content-Type"] = "application/json";
    return fetch(path, { method: opts.method || "GET", headers: headers,
                         body: opts.body ? JSON.stringify(opts.body) : undefined }).then(function (resp) {
      return resp.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        if (!resp.ok) {
          var detail = data && typeof data.detail === "string" ? data.detail : "";
          var msg = resp.status === 401 ? "管理密钥不正确或未填写"
            : resp.status === 503 ? "管理功能未启用（未设置 GOVQA_ADMIN_KEY）或服务暂不可用"
            : resp.status === 422 ? "输入有误" + (detail ? "：" + detail : "")
            : resp.status === 404 ? "未找到" + (detail ? "：" + detail : "")
            : "服务出错（" + resp.status + "）" + (detail ? "：" + detail : "");
          var err = new Error(msg);
          err.status = resp.status;
          throw err;
        }
        return data;
      });
    }, function () { throw new Error("网络连接失败，请检查服务是否运行"); });
  }

  // ------------------------------------------------------------------ loading
  $("ops-key-form").addEventListener("submit", function (e) {
    e.preventDefault();
    key = $("ops-key").value.trim();
    if (!key) { setStatus($("ops-status"), "请填写管理密钥。", true); return; }
    loadAll();
  });
  Array.prototype.forEach.call(document.querySelectorAll('input[name="ops-days"]'), function (r) {
    r.addEventListener("change", function () { if (r.checked) { days = parseInt(r.value, 10); loadStats(); } });
  });

  function loadAll() {
    setStatus($("ops-status"), "正在载入…");
    return Promise.all([loadStats(), loadFaq()]).then(function () {
      $("ops-body").hidden = false;
      setStatus($("ops-status"), "已载入（近 " + days + " 天）。");
    }).catch(function (e) {
      $("ops-body").hidden = e.status === 401 || e.status === 503 ? true : $("ops-body").hidden;
      setStatus($("ops-status"), e.message, true);
    });
  }

  function loadStats() {
    var q = "?days=" + days;
    return Promise.all([api("/v1/stats/questions" + q), api("/v1/stats/daily" + q),
                        api("/v1/stats/feedback" + q)]).then(function (got) {
      renderSummary(got[0]);
      renderChart(got[1]);
      renderTop(got[0]);
      renderGaps(got[0]);
      renderFeedback(got[2]);
      setStatus($("ops-status"), "已载入（近 " + days + " 天）。");
    });
  }

  // ------------------------------------------------------------------ 常见问题
  function renderSummary(rows) {
    var total = 0, by = { answered: 0, refused: 0, clarified: 0, faq: 0 }, up = 0, down = 0;
    rows.forEach(function (r) {
      total += r.count;
      by[r.status] = (by[r.status] || 0) + r.count;
      up += r.helpful; down += r.unhelpful;
    });
    var box = $("ops-summary");
    box.textContent = "";
    [["提问", String(total)], ["已回答（含 FAQ）", pct(by.answered + by.faq, total)], ["未能回答", pct(by.refused, total)],
     ["追问", pct(by.clarified, total)], ["有帮助（" + (up + down) + " 条反馈）", pct(up, up + down)]
    ].forEach(function (p) {
      var li = el("li");
      li.appendChild(el("span", null, p[0] + "："));
      li.appendChild(el("b", null, p[1]));
      box.appendChild(li);
    });
    box.setAttribute("data-total", String(total));
  }

  function renderChart(series) {
    var box = $("ops-chart");
    box.textContent = "";
    if (!series.length) return;
    var W = 720, H = 170, L = 34, B = 22, T = 8;
    var max = Math.max(1, Math.max.apply(null, series.map(function (d) { return d.questions; })));
    var n = series.length, step = (W - L - 4) / n, bw = Math.max(1, step * 0.42);
    var total = 0, refused = 0;
    series.forEach(function (d) { total += d.questions; refused += d.refused; });
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", id: "ops-chart-svg",
                         "aria-label": "每日提问与未能回答数：近 " + n + " 天共提问 " + total + " 次，未能回答 " + refused + " 次" });
    var y = function (v) { return H - B - (H - B - T) * v / max; };
    s.appendChild(svg("line", { x1: L, y1: H - B, x2: W, y2: H - B, stroke: "#9ca3af" }));
    [0, max].forEach(function (v) {
      s.appendChild(svg("text", { x: L - 4, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#4b5563" }, v));
    });
    series.forEach(function (d, i) {
      var x = L + i * step + 2;
      var g = svg("g", { "data-day": d.day });
      g.appendChild(svg("title", null, d.day + "：提问 " + d.questions + "，未能回答 " + d.refused));
      g.appendChild(svg("rect", { x: x, y: y(d.questions), width: bw, height: H - B - y(d.questions), fill: "#1a4d8f",
                                  "class": "bar-q" }));
      g.appendChild(svg("rect", { x: x + bw, y: y(d.refused), width: bw, height: H - B - y(d.refused), fill: "#d69e2e",
                                  "class": "bar-r" }));
      s.appendChild(g);
    });
    [0, n - 1].forEach(function (i) {
      s.appendChild(svg("text", { x: L + i * step + 2, y: H - 6, "font-size": 11, fill: "#4b5563",
                                  "text-anchor": i ? "end" : "start" }, series[i].day.slice(5)));
    });
    box.appendChild(s);
    var legend = el("ul", "fx-legend");
    [["#1a4d8f", "提问"], ["#d69e2e", "未能回答"]].forEach(function (p) {
      var li = el("li");
      var sw = el("span");
      sw.style.background = p[0];
      li.appendChild(sw);
      li.appendChild(document.createTextNode(p[1]));
      legend.appendChild(li);
    });
    box.appendChild(legend);
  }

  function questionTable(table, rows, empty) {
    table.textContent = "";
    if (!rows.length) {
      var tr0 = el("tr");
      tr0.appendChild(el("td", "muted", empty));
      table.appendChild(tr0);
      return;
    }
    var head = el("tr");
    ["问题", "次数", "结果", "有帮助 / 没有帮助", "最近", ""].forEach(function (h) {
      var th = el("th", null, h);
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.setAttribute("data-answer-id", str(r.answer_id));
      tr.appendChild(el("td", "q", r.question));
      tr.appendChild(el("td", "n", r.count));
      var st = el("td");
      st.appendChild(el("span", "st " + str(r.status), STATUS_WORDS[r.status] || r.status));
      tr.appendChild(st);
      tr.appendChild(el("td", "n", r.helpful + " / " + r.unhelpful));
      tr.appendChild(el("td", "n", str(r.last_asked).slice(0, 10)));
      var act = el("td");
      if (r.answer_id) {
        var b = el("button", "secondary", "制作 FAQ");
        b.type = "button";
        b.setAttribute("aria-label", "用此问题制作 FAQ：" + r.question);
        b.addEventListener("click", function () { editFromAnswer(r.answer_id); });
        act.appendChild(b);
      }
      tr.appendChild(act);
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
  }

  function renderTop(rows) {
    questionTable($("ops-top"), rows.slice(0, 20), "这段时间还没有人提问。");
  }

  // ------------------------------------------------------------------ 未能回答
  function renderGaps(rows) {
    questionTable($("ops-gaps"), rows.filter(function (r) { return r.status === "refused" || r.status === "clarified"; }),
                  "这段时间没有未能回答的问题。");
  }

  // ------------------------------------------------------------------ 反馈
  function renderFeedback(items) {
    var ul = $("ops-feedback");
    ul.textContent = "";
    if (!items.length) { ul.appendChild(el("li", "muted", "这段时间没有“没有帮助”的反馈。")); return; }
    items.forEach(function (f) {
      var li = el("li");
      li.setAttribute("data-answer-id", str(f.answer_id));
      li.appendChild(el("div", null, "问：" + str(f.question)));
      li.appendChild(el("div", "muted", "答：" + str(f.answer)));
      li.appendChild(el("div", "fb-comment", f.comment ? "意见：" + f.comment : "（未留意见）"));
      li.appendChild(el("div", "src", str(f.created).replace("T", " ").replace("Z", " UTC")));
      var b = el("button", "secondary", "制作 FAQ");
      b.type = "button";
      b.addEventListener("click", function () { editFromAnswer(f.answer_id); });
      var acts = el("div", "ops-actions");
      acts.appendChild(b);
      li.appendChild(acts);
      ul.appendChild(li);
    });
  }

  // ------------------------------------------------------------------ FAQ list
  function citeLine(c) {
    return "《" + str(c.agency) + str(c.year) + "年报》" + (c.section ? str(c.section) + "：" : "") + str(c.text);
  }

  function loadFaq() {
    return api("/v1/faq?all=true").then(renderFaq);
  }

  function renderFaq(entries) {
    var ul = $("faq-list");
    ul.textContent = "";
    if (!entries.length) { ul.appendChild(el("li", "muted", "还没有 FAQ 条目。")); return; }
    entries.forEach(function (e) {
      var li = el("li", e.stale ? "stale" : "");
      li.setAttribute("data-faq-id", String(e.id));
      var head = el("div");
      head.appendChild(el("span", "st " + (e.stale ? "stale" : str(e.status)),
                          e.stale ? "已失效" : FAQ_WORDS[e.status] || e.status));
      if (e.stale) head.appendChild(el("span", "st " + str(e.status), FAQ_WORDS[e.status] || e.status));
      head.appendChild(document.createTextNode(" " + str(e.question)));
      li.appendChild(head);
      (e.broken || []).forEach(function (b) {
        var c = (e.citations || [])[b.citation] || {};
        li.appendChild(el("p", "broken", "引用失效：第 " + (b.citation + 1) + " 条引用的报告 " + str(b.report_id) +
          (b.reason === "removed" ? " 已被删除" : " 已被替换") + "（" + citeLine(c).slice(0, 60) +
          "）。此条目暂停回答，请核对后重新保存。"));
      });
      li.appendChild(el("div", "muted", e.answer));
      var acts = el("div", "ops-actions");
      function action(label, handler) {
        var b = el("button", "secondary", label);
        b.type = "button";
        b.setAttribute("aria-label", label + "：" + e.question);
        b.addEventListener("click", handler);
        acts.appendChild(b);
      }
      action("编辑", function () { editEntry(e); });
      if (e.status !== "published") action("发布", function () { setFaqStatus(e, "published"); });
      if (e.status === "published") action("撤回", function () { setFaqStatus(e, "withdrawn"); });
      action("删除", function () {
        if (!window.confirm("删除 FAQ 条目“" + e.question + "”？")) return;
        api("/v1/faq/" + e.id, { method: "DELETE" }).then(loadFaq).then(function () {
          setStatus($("ops-status"), "已删除。");
        }).catch(function (err) { setStatus($("ops-status"), err.message, true); });
      });
      li.appendChild(acts);
      ul.appendChild(li);
    });
  }

  function setFaqStatus(e, status) {
    api("/v1/faq/" + e.id, { method: "PUT", body: { status: status } }).then(loadFaq).then(function () {
      setStatus($("ops-status"), status === "published" ? "已发布。" : "已撤回。");
    }).catch(function (err) { setStatus($("ops-status"), err.message, true); });
  }

  // ------------------------------------------------------------------ the editor
  function renderCitations() {
    var ol = $("faq-citations");
    ol.textContent = "";
    if (!citations.length) ol.appendChild(el("li", "muted", "（没有引用：条目至少要引用一条报告原文或表格数据）"));
    citations.forEach(function (c, i) {
      var li = el("li");
      li.appendChild(el("span", "text", citeLine(c)));
      if (c.key) li.appendChild(el("span", "src", " " + c.key));
      var b = el("button", "secondary", "移除");
      b.type = "button";
      b.setAttribute("aria-label", "移除第 " + (i + 1) + " 条引用");
      b.addEventListener("click", function () { citations.splice(i, 1); renderCitations(); });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(b);
      ol.appendChild(li);
    });
  }

  function openEditor(title, entry) {
    var form = $("faq-editor");
    form.hidden = false;
    $("faq-editor-h").textContent = title;
    $("faq-question").value = str(entry.question);
    $("faq-variants").value = (entry.variants || []).join("\n");
    $("faq-answer").value = str(entry.answer);
    $("faq-status").value = entry.status || "draft";
    citations = (entry.citations || []).slice();
    renderCitations();
    setStatus($("faq-editor-status"), "");
    $("faq-editor-h").focus();
    form.scrollIntoView({ block: "start" });
  }

  function editFromAnswer(answerId) {
    setStatus($("ops-status"), "正在读取该问题的回答…");
    api("/v1/stats/answers/" + encodeURIComponent(answerId)).then(function (a) {
      editing = null;
      fromAnswer = a.answer_id;
      openEditor("新建 FAQ 条目（来自已记录的问题）", { question: a.question, answer: a.answer, citations: a.citations });
      setStatus($("ops-status"), "");
    }).catch(function (err) { setStatus($("ops-status"), err.message, true); });
  }

  function editEntry(e) {
    editing = e.id;
    fromAnswer = null;
    openEditor("编辑 FAQ 条目 #" + e.id, e);
  }

  $("faq-new").addEventListener("click", function () {
    editing = null;
    fromAnswer = null;
    openEditor("新建 FAQ 条目", {});
  });
  $("faq-cancel").addEventListener("click", function () { $("faq-editor").hidden = true; });

  $("faq-editor").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var body = {
      question: $("faq-question").value.trim(),
      variants: $("faq-variants").value.split("\n").map(function (v) { return v.trim(); }).filter(Boolean),
      answer: $("faq-answer").value.trim(),
      citations: citations,
      status: $("faq-status").value
    };
    if (!citations.length) { setStatus($("faq-editor-status"), "至少需要一条引用。", true); return; }
    if (editing === null && fromAnswer) body.from_answer_id = fromAnswer;
    var save = $("faq-save");
    save.disabled = true;
    var req = editing === null ? api("/v1/faq", { method: "POST", body: body })
      : api("/v1/faq/" + editing, { method: "PUT", body: body });
    req.then(function () {
      $("faq-editor").hidden = true;
      return loadFaq();
    }).then(function () {
      setStatus($("ops-status"), "FAQ 条目已保存。");
    }).catch(function (err) {
      setStatus($("faq-editor-status"), err.message, true);
    }).then(function () { save.disabled = false; });
  });
})();
