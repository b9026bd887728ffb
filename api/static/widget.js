/*!
 * GovQA chat widget — 政府信息公开工作年度报告问答
 *
 * Embed with one tag:
 *   <script src="https://HOST/widget.js" data-govqa-url="https://HOST" defer></script>
 * An empty or missing data-govqa-url means "the origin this script was loaded from".
 *
 * Plain JavaScript, no dependencies, nothing loaded at run time. Everything lives in an
 * open shadow root so the portal's CSS cannot reach it; every piece of server text
 * (answers, citations, errors) is inserted with textContent / createTextNode.
 *
 * Server contract (POST {url}/v1/ask, body {"question", "session_id"}):
 *   Accept: text/event-stream  ->  SSE events
 *     event: delta   data: {"text": "..."}      (zero or more chunks of the answer text)
 *     event: answer  data: {answer JSON}        (exactly one, final: answer, refused, citations, session_id;
 *                                               an answer over many reports also "table": {label, unit, rows})
 *     event: error   data: {"detail": "..."}    (instead of answer)
 *   A response with Content-Type application/json is read as the answer JSON directly.
 */
(function () {
  "use strict";

  if (window.__govqaWidgetLoaded) return;
  window.__govqaWidgetLoaded = true;

  var MAX_LEN = 500;
  var REQUEST_TIMEOUT_MS = 90000;
  var STARTERS = [
    "今年收到多少政府信息公开申请？",
    "如何申请政府信息公开？",
    "联系电话是多少？"
  ];

  // ---------------------------------------------------------------- base URL
  function findScript() {
    var s = document.currentScript;
    if (s) return s;
    var all = document.getElementsByTagName("script");
    for (var i = all.length - 1; i >= 0; i--) {
      if (all[i].hasAttribute("data-govqa-url")) return all[i];
    }
    for (var j = all.length - 1; j >= 0; j--) {
      if (/(^|\/)widget\.js(\?|#|$)/.test(all[j].getAttribute("src") || "")) return all[j];
    }
    return null;
  }

  var SCRIPT = findScript();

  function resolveBaseUrl(script) {
    var attr = script ? (script.getAttribute("data-govqa-url") || "").trim() : "";
    var base;
    if (attr) {
      try { base = new URL(attr, document.baseURI).href; } catch (e) { base = attr; }
    } else if (script && script.src) {
      try { base = new URL(script.src, document.baseURI).origin; } catch (e2) { base = ""; }
    } else {
      base = window.location.origin;
    }
    if (!base || base === "null") base = window.location.origin || "";
    return base.replace(/\/+$/, "");
  }

  var BASE_URL = resolveBaseUrl(SCRIPT);
  var SESSION_KEY = "govqa.session_id:" + BASE_URL;

  function loadSession() {
    try { return window.sessionStorage.getItem(SESSION_KEY) || null; } catch (e) { return null; }
  }
  function saveSession(id) {
    if (!id || typeof id !== "string") return;
    try { window.sessionStorage.setItem(SESSION_KEY, id); } catch (e) { /* storage blocked */ }
  }

  // ---------------------------------------------------------------- styles
  var CSS = [
    ":host{all:initial;}",
    "*,*::before,*::after{box-sizing:border-box;}",
    "[hidden]{display:none !important;}",
    ".gq-root{font-family:system-ui,-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;",
    "  font-size:15px;line-height:1.6;color:#1f2933;text-align:left;letter-spacing:normal;}",
    ".gq-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:60px;height:60px;border-radius:50%;",
    "  border:none;background:#b3261e;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3);",
    "  display:flex;align-items:center;justify-content:center;padding:0;margin:0;font:inherit;}",
    ".gq-launcher:hover{background:#8f1d17;}",
    ".gq-launcher:focus-visible,.gq-root button:focus-visible,.gq-root summary:focus-visible{outline:3px solid #f5b400;outline-offset:2px;}",
    ".gq-launcher svg{width:30px;height:30px;fill:currentColor;}",
    ".gq-panel{position:fixed;right:20px;bottom:92px;z-index:2147483001;width:380px;max-width:calc(100vw - 40px);",
    "  height:600px;max-height:calc(100vh - 112px);background:#fff;border:1px solid #d0d5dd;border-radius:12px;",
    "  box-shadow:0 10px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;}",
    ".gq-header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:10px 12px 10px 16px;",
    "  background:#b3261e;color:#fff;flex:0 0 auto;}",
    ".gq-title{margin:0;font-size:16px;font-weight:600;line-height:1.4;}",
    ".gq-close{background:transparent;border:none;color:#fff;font-size:24px;line-height:1;width:36px;height:36px;",
    "  border-radius:6px;cursor:pointer;padding:0;font-family:inherit;}",
    ".gq-close:hover{background:rgba(255,255,255,.15);}",
    ".gq-body{flex:1 1 auto;overflow-y:auto;padding:12px 14px;background:#f7f8fa;overscroll-behavior:contain;}",
    ".gq-intro{margin:0 0 8px;color:#4b5563;font-size:14px;}",
    ".gq-starters{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 12px;padding:0;list-style:none;}",
    ".gq-starter{border:1px solid #b3261e;color:#b3261e;background:#fff;border-radius:16px;padding:4px 12px;",
    "  font:inherit;font-size:14px;cursor:pointer;text-align:left;}",
    ".gq-starter:hover{background:#fdecea;}",
    ".gq-starter:disabled{opacity:.5;cursor:default;}",
    ".gq-msgs{display:flex;flex-direction:column;gap:10px;}",
    ".gq-msg{max-width:92%;padding:8px 12px;border-radius:10px;white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere;}",
    ".gq-user{align-self:flex-end;background:#b3261e;color:#fff;border-bottom-right-radius:2px;}",
    ".gq-bot{align-self:flex-start;background:#fff;border:1px solid #d0d5dd;border-bottom-left-radius:2px;}",
    ".gq-bot.gq-refused{background:#fffbeb;border:1px solid #d69e2e;border-left:4px solid #d69e2e;color:#5b4a1f;}",
    ".gq-bot.gq-error{background:#fef2f2;border:1px solid #e5a3a3;color:#8a1c1c;}",
    ".gq-bot.gq-pending .gq-text:empty::before{content:'正在查找相关报告…';color:#6b7280;}",
    ".gq-badge{display:inline-block;font-size:12px;line-height:1.5;padding:0 8px;border-radius:10px;margin:0 0 4px;",
    "  background:#d69e2e;color:#fff;white-space:nowrap;}",
    ".gq-text{display:block;}",
    ".gq-cites{margin:8px 0 0;padding:6px 0 0;border-top:1px dashed #d0d5dd;white-space:normal;}",
    ".gq-cites-title{font-size:12px;color:#6b7280;margin:0 0 2px;}",
    ".gq-cites ol{margin:0;padding:0 0 0 18px;font-size:13px;}",
    ".gq-cites li{margin:2px 0;}",
    ".gq-cites summary{cursor:pointer;color:#1a4d8f;}",
    ".gq-quote{margin:4px 0 6px;padding:6px 8px;background:#f3f4f6;border-left:3px solid #9ca3af;color:#374151;",
    "  white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere;font-size:13px;}",
    ".gq-key{display:block;color:#6b7280;font-size:12px;margin-top:2px;}",
    ".gq-table-box{margin:8px 0 0;white-space:normal;max-width:100%;overflow-x:auto;}",
    ".gq-table{border-collapse:collapse;width:100%;font-size:13px;line-height:1.4;}",
    ".gq-table caption{text-align:left;font-size:12px;color:#6b7280;padding:0 0 2px;}",
    ".gq-table th,.gq-table td{border-bottom:1px solid #e5e7eb;padding:2px 4px;text-align:left;vertical-align:top;}",
    ".gq-table th{font-weight:600;color:#374151;background:#f3f4f6;}",
    ".gq-table td.gq-num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;}",
    ".gq-table td.gq-state{color:#6b7280;font-style:italic;}",
    ".gq-table tr.gq-flagged td{background:#fff4e5;}",
    ".gq-more{margin:4px 0 0;border:1px solid #1a4d8f;color:#1a4d8f;background:#fff;border-radius:14px;padding:1px 12px;",
    "  font:inherit;font-size:13px;cursor:pointer;}",
    ".gq-more:hover{background:#e8f0fb;}",
    ".gq-fb{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:8px 0 0;padding:6px 0 0;border-top:1px dashed #d0d5dd;white-space:normal;}",
    ".gq-fb-btn{border:1px solid #6b7280;color:#374151;background:#fff;border-radius:14px;padding:1px 10px;font:inherit;font-size:13px;cursor:pointer;}",
    ".gq-fb-btn:hover{background:#f3f4f6;}",
    ".gq-fb-btn[aria-pressed='true']{background:#1a4d8f;border-color:#1a4d8f;color:#fff;}",
    ".gq-fb-btn:disabled{cursor:default;}",
    ".gq-fb-btn:disabled:not([aria-pressed='true']){opacity:.5;}",
    ".gq-fb-form{flex:1 1 100%;display:flex;flex-direction:column;gap:4px;margin:0;}",
    ".gq-fb-form textarea{width:100%;min-height:48px;resize:vertical;padding:4px 6px;border:1px solid #9ca3af;border-radius:6px;font:inherit;font-size:13px;}",
    ".gq-fb-form .gq-fb-send{align-self:flex-start;border:none;background:#1a4d8f;color:#fff;border-radius:6px;padding:2px 12px;font:inherit;font-size:13px;cursor:pointer;}",
    ".gq-fb-status{font-size:12px;color:#6b7280;}",
    ".gq-form{flex:0 0 auto;border-top:1px solid #e5e7eb;padding:8px 12px 10px;background:#fff;}",
    ".gq-label{display:block;font-size:13px;color:#4b5563;margin:0 0 4px;}",
    ".gq-row{display:flex;gap:8px;align-items:flex-end;}",
    ".gq-input{flex:1 1 auto;min-width:0;resize:none;height:64px;padding:6px 8px;border:1px solid #9ca3af;border-radius:8px;",
    "  font:inherit;font-size:15px;color:#1f2933;background:#fff;}",
    ".gq-input:focus{outline:2px solid #1a4d8f;outline-offset:0;border-color:#1a4d8f;}",
    ".gq-send{flex:0 0 auto;height:40px;min-width:64px;padding:0 14px;border:none;border-radius:8px;background:#b3261e;",
    "  color:#fff;font:inherit;font-size:15px;cursor:pointer;}",
    ".gq-send:disabled{background:#c9a7a4;cursor:default;}",
    ".gq-meta{display:flex;justify-content:space-between;gap:8px;font-size:12px;color:#6b7280;margin-top:4px;}",
    ".gq-counter.gq-over{color:#b3261e;font-weight:600;}",
    ".gq-sr{position:absolute !important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);",
    "  white-space:nowrap;border:0;}",
    "@media (max-width:480px){",
    "  .gq-panel{left:0;right:0;top:0;bottom:0;width:100%;max-width:100%;height:100%;max-height:100%;border-radius:0;border:none;}",
    "  .gq-launcher{right:14px;bottom:14px;}",
    "  .gq-msg{max-width:100%;}",
    "}",
    "@media (prefers-reduced-motion:no-preference){.gq-panel{animation:gq-in .15s ease-out;}}",
    "@keyframes gq-in{from{opacity:0;transform:translateY(8px);}to{opacity:1;transform:none;}}"
  ].join("\n");

  // ---------------------------------------------------------------- DOM helpers
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
        if (k === "className") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      }
    }
    if (text != null) node.textContent = String(text);
    return node;
  }

  function str(v) {
    return v == null ? "" : String(v);
  }

  // ---------------------------------------------------------------- build UI
  var host, root, launcher, panel, body, msgs, startersBox, input, sendBtn, counter, live, formStatus;
  var pending = false;
  var seq = 0;

  function build() {
    host = el("div", { id: "govqa-widget", "data-govqa": "" });
    root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = el("style");
    style.textContent = CSS;
    root.appendChild(style);

    var wrap = el("div", { className: "gq-root", lang: "zh-CN" });
    root.appendChild(wrap);

    launcher = el("button", {
      type: "button",
      className: "gq-launcher",
      "aria-label": "打开政府信息公开问答",
      "aria-expanded": "false",
      "aria-controls": "gq-panel",
      title: "政府信息公开问答"
    });
    // chat-bubble icon, built with DOM APIs (no innerHTML anywhere)
    var svgNS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(svgNS, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z");
    svg.appendChild(path);
    launcher.appendChild(svg);
    wrap.appendChild(launcher);

    panel = el("div", {
      id: "gq-panel",
      className: "gq-panel",
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": "gq-title",
      "aria-describedby": "gq-intro"
    });
    panel.hidden = true;

    var header = el("div", { className: "gq-header" });
    header.appendChild(el("h2", { id: "gq-title", className: "gq-title" }, "政府信息公开问答"));
    var closeBtn = el("button", { type: "button", className: "gq-close", "aria-label": "关闭问答窗口", title: "关闭" }, "×");
    header.appendChild(closeBtn);
    panel.appendChild(header);

    body = el("div", { className: "gq-body" });
    body.appendChild(el("p", { id: "gq-intro", className: "gq-intro" },
      "您好！我可以根据各机关发布的政府信息公开工作年度报告回答问题，每条回答都附有报告原文出处。"));
    startersBox = el("div", { className: "gq-starters", role: "group", "aria-label": "常见问题" });
    STARTERS.forEach(function (q) {
      var b = el("button", { type: "button", className: "gq-starter" }, q);
      b.addEventListener("click", function () { ask(q); });
      startersBox.appendChild(b);
    });
    body.appendChild(startersBox);
    msgs = el("div", { className: "gq-msgs" });
    body.appendChild(msgs);
    panel.appendChild(body);

    var form = el("form", { className: "gq-form", novalidate: "" });
    form.appendChild(el("label", { className: "gq-label", "for": "gq-input" }, "请输入您的问题（回车发送，Shift+回车换行）"));
    var row = el("div", { className: "gq-row" });
    input = el("textarea", {
      id: "gq-input",
      className: "gq-input",
      rows: "2",
      maxlength: String(MAX_LEN),
      placeholder: "例如：今年收到多少政府信息公开申请？",
      "aria-describedby": "gq-counter"
    });
    row.appendChild(input);
    sendBtn = el("button", { type: "submit", className: "gq-send" }, "发送");
    row.appendChild(sendBtn);
    form.appendChild(row);
    var meta = el("div", { className: "gq-meta" });
    formStatus = el("span", { className: "gq-status" }, "");
    counter = el("span", { id: "gq-counter", className: "gq-counter" }, "0/" + MAX_LEN);
    meta.appendChild(formStatus);
    meta.appendChild(counter);
    form.appendChild(meta);
    panel.appendChild(form);

    live = el("div", { className: "gq-sr", "aria-live": "polite", "aria-atomic": "true", role: "status" });
    panel.appendChild(live);

    wrap.appendChild(panel);

    // ---- events
    launcher.addEventListener("click", function () {
      if (panel.hidden) openPanel(); else closePanel();
    });
    launcher.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && !panel.hidden) { e.preventDefault(); closePanel(); }
    });
    closeBtn.addEventListener("click", closePanel);
    panel.addEventListener("keydown", onPanelKeydown);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      ask(input.value);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        ask(input.value);
      }
    });
    input.addEventListener("input", updateCounter);

    document.body.appendChild(host);
  }

  function updateCounter() {
    var n = input.value.length;
    if (n > MAX_LEN) {
      input.value = input.value.slice(0, MAX_LEN);
      n = MAX_LEN;
    }
    counter.textContent = n + "/" + MAX_LEN;
    counter.className = "gq-counter" + (n >= MAX_LEN ? " gq-over" : "");
  }

  // ---------------------------------------------------------------- open / close / focus
  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", "关闭政府信息公开问答");
    setTimeout(function () { input.focus(); }, 0);
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", "打开政府信息公开问答");
    launcher.focus();
  }

  function focusables() {
    var list = panel.querySelectorAll(
      "button:not([disabled]), textarea:not([disabled]), input:not([disabled]), summary, a[href], [tabindex]:not([tabindex='-1'])"
    );
    var out = [];
    for (var i = 0; i < list.length; i++) {
      var n = list[i];
      if (n.offsetParent === null && getComputedStyle(n).position !== "fixed") continue; // not rendered
      out.push(n);
    }
    return out;
  }

  function activeInShadow() {
    return (root && root.activeElement) || document.activeElement;
  }

  function onPanelKeydown(e) {
    if (e.key === "Escape" || e.key === "Esc") {
      e.preventDefault();
      e.stopPropagation();
      closePanel();
      return;
    }
    if (e.key !== "Tab") return;
    var items = focusables();
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var active = activeInShadow();
    var idx = items.indexOf(active);
    if (e.shiftKey && (active === first || idx === -1)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || idx === -1)) {
      e.preventDefault();
      first.focus();
    }
  }

  function scrollToEnd() {
    body.scrollTop = body.scrollHeight;
  }

  function announce(text) {
    // Clear first so that the same text twice is still announced.
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 50);
  }

  function setPending(on) {
    pending = on;
    sendBtn.disabled = on;
    var btns = startersBox.querySelectorAll("button");
    for (var i = 0; i < btns.length; i++) btns[i].disabled = on;
    formStatus.textContent = on ? "正在回答…" : "";
  }

  // ---------------------------------------------------------------- messages
  function addUserMessage(q) {
    var m = el("div", { className: "gq-msg gq-user" });
    m.appendChild(el("span", { className: "gq-sr" }, "您的问题："));
    m.appendChild(document.createTextNode(q));
    msgs.appendChild(m);
    scrollToEnd();
  }

  function BotMessage() {
    this.node = el("div", { className: "gq-msg gq-bot gq-pending", "aria-busy": "true" });
    this.badge = el("span", { className: "gq-badge" }, "报告中未找到");
    this.badge.hidden = true;
    this.node.appendChild(this.badge);
    this.textEl = el("span", { className: "gq-text" });
    this.node.appendChild(this.textEl);
    this.textNode = null;
    msgs.appendChild(this.node);
    scrollToEnd();
  }

  BotMessage.prototype.append = function (text) {
    if (!text) return;
    if (!this.textNode) {
      this.textNode = document.createTextNode("");
      this.textEl.appendChild(this.textNode);
    }
    this.textNode.appendData(String(text));
    scrollToEnd();
  };

  BotMessage.prototype.hasText = function () {
    return !!(this.textNode && this.textNode.data);
  };

  BotMessage.prototype.finish = function (ans) {
    this.node.classList.remove("gq-pending");
    this.node.removeAttribute("aria-busy");
    var answerText = str(ans && ans.answer);
    if (!answerText && this.hasText()) answerText = this.textNode.data;
    this.textEl.textContent = answerText; // replaces streamed text with the final answer
    this.textNode = null;
    var refused = !!(ans && ans.refused);
    if (refused) {
      this.node.classList.add("gq-refused");
      this.badge.hidden = false;
    }
    var table = ans && ans.table && typeof ans.table === "object" ? renderTable(ans.table) : null;
    if (table) this.node.appendChild(table);
    var cites = ans && Array.isArray(ans.citations) ? ans.citations : [];
    if (cites.length) this.node.appendChild(renderCitations(cites));
    if (ans && typeof ans.answer_id === "string" && ans.answer_id) this.node.appendChild(renderFeedback(ans.answer_id));
    scrollToEnd();
    announce((refused ? "报告中未找到。" : "回答：") + answerText +
      (table ? "（附数据表）" : "") + (cites.length ? "（附 " + cites.length + " 条出处）" : ""));
  };

  BotMessage.prototype.fail = function (message) {
    this.node.classList.remove("gq-pending");
    this.node.removeAttribute("aria-busy");
    this.node.classList.add("gq-error");
    this.node.setAttribute("role", "alert");
    if (this.hasText()) {
      // keep what was streamed, add the error after it
      this.textEl.appendChild(document.createTextNode("\n"));
    } else {
      this.textEl.textContent = "";
    }
    this.textEl.appendChild(document.createTextNode(message));
    scrollToEnd();
    announce(message);
  };

  // ---------------------------------------------------------------- feedback (POST /v1/feedback)
  function renderFeedback(answerId) {
    var box = el("div", { className: "gq-fb", role: "group", "aria-label": "这个回答有帮助吗？" });
    var yes = el("button", { type: "button", className: "gq-fb-btn", "aria-label": "有帮助", "aria-pressed": "false" }, "有帮助");
    var no = el("button", { type: "button", className: "gq-fb-btn", "aria-label": "没有帮助", "aria-pressed": "false" }, "没有帮助");
    var status = el("span", { className: "gq-fb-status", role: "status" });
    var form = null;
    box.appendChild(yes);
    box.appendChild(no);
    box.appendChild(status);

    function send(helpful, comment, pressed) {
      yes.disabled = no.disabled = true;
      pressed.setAttribute("aria-pressed", "true");
      if (form) form.hidden = true;
      status.textContent = "正在提交…";
      var body = { answer_id: answerId, helpful: helpful };
      if (comment) body.comment = comment.slice(0, 500);
      fetch(BASE_URL + "/v1/feedback", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
        credentials: "omit", mode: "cors"
      }).then(function (resp) {
        if (resp.ok) {
          status.textContent = "感谢您的反馈。";
          if (!helpful && !panel.hidden) input.focus();
          return;
        }
        var wait = resp.status === 429 ? retryAfterSeconds(resp) : 0;
        status.textContent = resp.status === 429 ? "提交过于频繁，请" + (wait ? "在 " + wait + " 秒后" : "稍后") + "再试。"
          : "反馈未能提交，请稍后再试。";
        yes.disabled = no.disabled = false;
        pressed.setAttribute("aria-pressed", "false");
      }, function () {
        status.textContent = "网络连接失败，反馈未能提交。";
        yes.disabled = no.disabled = false;
        pressed.setAttribute("aria-pressed", "false");
      });
    }

    yes.addEventListener("click", function () { send(true, "", yes); });
    no.addEventListener("click", function () {
      if (form) { form.hidden = false; form.querySelector("textarea").focus(); return; }
      // an optional short comment, then 提交 (an empty comment is fine)
      var id = "gq-fb-" + (++seq);
      form = el("form", { className: "gq-fb-form" });
      form.appendChild(el("label", { className: "gq-label", "for": id }, "哪里没有帮助？（可选，500 字以内）"));
      var ta = el("textarea", { id: id, maxlength: "500", rows: "2" });
      form.appendChild(ta);
      form.appendChild(el("button", { type: "submit", className: "gq-fb-send" }, "提交反馈"));
      form.addEventListener("submit", function (e) { e.preventDefault(); send(false, ta.value.trim(), no); });
      ta.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(false, ta.value.trim(), no); }
      });
      box.insertBefore(form, status);
      ta.focus();
      scrollToEnd();
    });
    return box;
  }

  function citationLabel(c) {
    var agency = str(c.agency) || str(c.report_id) || "年度报告";
    var year = c.year != null && c.year !== "" ? str(c.year) + "年报" : "年报";
    var label = "《" + agency + year + "》";
    if (c.section) label += " · " + str(c.section);
    return label;
  }

  // An answer over many reports carries the figure for each: agency, year and the value,
  // or what the report has instead (a blank cell is 空白, never 0). Five rows show;
  // "展开全部" shows the rest.
  var TABLE_SHOWN = 5;
  var STATE_WORDS = { blank: "空白", unread: "未能读出", absent: "未列此项" };

  function renderTable(t) {
    var rows = Array.isArray(t.rows) ? t.rows.filter(function (r) { return r && typeof r === "object"; }) : [];
    if (!rows.length) return null;
    var unit = str(t.unit);
    var box = el("div", { className: "gq-table-box" });
    var table = el("table", { className: "gq-table" });
    table.appendChild(el("caption", null, (str(t.label) || "各报告数值") + (unit ? "（" + unit + "）" : "")));
    var head = el("tr");
    ["机关", "年度", "数值"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbodyId = "gq-table-" + (++seq);
    var tbody = el("tbody", { id: tbodyId });
    rows.forEach(function (r, i) {
      var tr = el("tr");
      tr.appendChild(el("td", null, str(r.agency) || str(r.report_id)));
      tr.appendChild(el("td", { className: "gq-num" }, r.year != null ? str(r.year) : ""));
      var has = r.state === "value" && typeof r.value === "number";
      var td = el("td", { className: has ? "gq-num" : "gq-num gq-state" },
        has ? str(r.value) + unit : (STATE_WORDS[r.state] || "未列此项"));
      var findings = Array.isArray(r.findings) ? r.findings.filter(function (f) { return f && typeof f === "object"; }) : [];
      if (findings.length) {
        tr.className = "gq-flagged";
        tr.setAttribute("title", findings.map(function (f) { return str(f.detail) || str(f.rule); }).join("\n"));
        td.appendChild(el("span", { "aria-hidden": "true" }, " ⚠"));
        td.appendChild(el("span", { className: "gq-sr" }, "（报告数字之间不一致）"));
      }
      tr.appendChild(td);
      if (i >= TABLE_SHOWN) tr.hidden = true;
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    if (rows.length > TABLE_SHOWN) {
      var more = el("button", { type: "button", className: "gq-more", "aria-expanded": "false", "aria-controls": tbodyId },
        "展开全部（共 " + rows.length + " 行）");
      more.addEventListener("click", function () {
        var open = more.getAttribute("aria-expanded") !== "true";
        var trs = tbody.children;
        for (var i = TABLE_SHOWN; i < trs.length; i++) trs[i].hidden = !open;
        more.setAttribute("aria-expanded", open ? "true" : "false");
        more.textContent = open ? "收起" : "展开全部（共 " + rows.length + " 行）";
      });
      box.appendChild(more);
    }
    return box;
  }

  function renderCitations(cites) {
    var box = el("div", { className: "gq-cites" });
    var id = "gq-cites-" + (++seq);
    box.appendChild(el("p", { className: "gq-cites-title", id: id }, "出处（点击展开原文）"));
    var ol = el("ol", { "aria-labelledby": id });
    cites.forEach(function (c) {
      if (!c || typeof c !== "object") return;
      var li = el("li");
      var det = el("details");
      det.appendChild(el("summary", null, citationLabel(c)));
      var q = el("blockquote", { className: "gq-quote" });
      q.appendChild(document.createTextNode(str(c.text) || "（无原文）"));
      det.appendChild(q);
      if (c.key) det.appendChild(el("span", { className: "gq-key" }, "指标：" + str(c.key)));
      det.addEventListener("toggle", function () {
        if (det.open && q.scrollIntoView) q.scrollIntoView({ block: "nearest" });
      });
      li.appendChild(det);
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  // ---------------------------------------------------------------- errors
  function retryAfterSeconds(resp) {
    var h = resp.headers.get("Retry-After");
    if (!h) return null;
    var n = parseInt(h, 10);
    if (!isNaN(n) && String(n) === h.trim()) return Math.max(0, n);
    var t = Date.parse(h);
    if (!isNaN(t)) return Math.max(0, Math.ceil((t - Date.now()) / 1000));
    return null;
  }

  function hasChinese(s) {
    return /[\u4e00-\u9fff]/.test(s || "");
  }

  function friendlyHttpError(resp, detail) {
    var s = resp.status;
    if (s === 429) {
      var secs = retryAfterSeconds(resp);
      return secs != null
        ? "提问太频繁了，请在 " + secs + " 秒后再试。"
        : "提问太频繁了，请稍后再试。";
    }
    if (s === 422 || s === 400) {
      return "问题格式不正确，请输入 1 至 " + MAX_LEN + " 字的问题后重试。";
    }
    if (s === 413) return "问题太长了，请控制在 " + MAX_LEN + " 字以内。";
    if (s === 404) return "问答服务地址不正确，请联系网站管理员。";
    if (s === 503) return "问答服务正在启动或维护，请稍后再试。";
    if (s >= 500) return "服务暂时出现问题，请稍后再试。";
    return hasChinese(detail) ? detail : "请求未成功（" + s + "），请稍后再试。";
  }

  // ---------------------------------------------------------------- SSE
  function SSEParser(onEvent) {
    this.buf = "";
    this.event = "";
    this.data = [];
    this.onEvent = onEvent;
  }
  SSEParser.prototype.feed = function (chunk) {
    this.buf += chunk;
    var m;
    var re = /\r\n|\r|\n/;
    // process complete lines only
    while ((m = re.exec(this.buf)) !== null) {
      // a lone trailing "\r" may be the first half of "\r\n": wait for more input
      if (m[0] === "\r" && m.index === this.buf.length - 1) break;
      var line = this.buf.slice(0, m.index);
      this.buf = this.buf.slice(m.index + m[0].length);
      this.line(line);
    }
  };
  SSEParser.prototype.end = function () {
    if (this.buf) { this.line(this.buf); this.buf = ""; }
    this.line(""); // dispatch a final event not followed by a blank line
  };
  SSEParser.prototype.line = function (line) {
    if (line === "") {
      if (this.data.length) this.onEvent(this.event || "message", this.data.join("\n"));
      this.event = "";
      this.data = [];
      return;
    }
    if (line.charAt(0) === ":") return; // comment / keep-alive
    var i = line.indexOf(":");
    var field = i === -1 ? line : line.slice(0, i);
    var value = i === -1 ? "" : line.slice(i + 1);
    if (value.charAt(0) === " ") value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
  };

  function parseJSON(s) {
    try { return JSON.parse(s); } catch (e) { return null; }
  }

  // ---------------------------------------------------------------- ask
  function ask(raw) {
    if (pending) return;
    var q = str(raw).trim();
    if (!q) {
      formStatus.textContent = "请先输入问题。";
      input.focus();
      return;
    }
    if (q.length > MAX_LEN) q = q.slice(0, MAX_LEN);
    if (panel.hidden) openPanel();

    addUserMessage(q);
    input.value = "";
    updateCounter();
    setPending(true);
    announce("正在查找相关报告…");

    var bot = new BotMessage();
    var payload = { question: q, channel: "widget" };
    var sid = loadSession();
    if (sid) payload.session_id = sid;

    var ctrl = typeof AbortController !== "undefined" ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, REQUEST_TIMEOUT_MS) : null;
    var done = false;

    function finishOk(ans) {
      if (done) return;
      done = true;
      if (!ans || typeof ans !== "object") {
        bot.fail("抱歉，收到的回答无法识别，请稍后再试。");
        return;
      }
      if (ans.session_id) saveSession(ans.session_id);
      bot.finish(ans);
    }
    function finishErr(msg) {
      if (done) return;
      done = true;
      bot.fail(msg);
    }

    fetch(BASE_URL + "/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream, application/json" },
      body: JSON.stringify(payload),
      signal: ctrl ? ctrl.signal : undefined,
      credentials: "omit",
      mode: "cors"
    }).then(function (resp) {
      var ctype = (resp.headers.get("Content-Type") || "").toLowerCase();
      if (!resp.ok) {
        return resp.text().then(function (t) {
          var j = parseJSON(t);
          finishErr(friendlyHttpError(resp, j && typeof j.detail === "string" ? j.detail : ""));
        }, function () { finishErr(friendlyHttpError(resp, "")); });
      }
      if (ctype.indexOf("text/event-stream") === -1) {
        // plain JSON (or anything else that parses as the answer JSON)
        return resp.text().then(function (t) { finishOk(parseJSON(t)); });
      }
      var parser = new SSEParser(function (name, data) {
        if (done) return;
        var obj = parseJSON(data);
        if (name === "delta") {
          if (obj && typeof obj.text === "string") bot.append(obj.text);
        } else if (name === "answer") {
          finishOk(obj);
        } else if (name === "error") {
          var d = obj && typeof obj.detail === "string" ? obj.detail : "";
          finishErr(hasChinese(d) ? "抱歉，" + d : "抱歉，暂时无法回答这个问题，请稍后再试。");
        }
      });
      var decoder = new TextDecoder("utf-8");
      if (!resp.body || !resp.body.getReader) {
        return resp.text().then(function (t) { parser.feed(t); parser.end(); });
      }
      var reader = resp.body.getReader();
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) {
            parser.feed(decoder.decode());
            parser.end();
            return;
          }
          parser.feed(decoder.decode(r.value, { stream: true }));
          if (done) { try { reader.cancel(); } catch (e) { /* ignore */ } return; }
          return pump();
        });
      }
      return pump();
    }).catch(function (err) {
      if (err && err.name === "AbortError") finishErr("等待回答超时，请稍后再试。");
      else finishErr("网络连接失败，请检查网络后重试。");
    }).then(function () {
      if (timer) clearTimeout(timer);
      if (!done) finishErr(bot.hasText() ? "回答未完整接收，请重试。" : "抱歉，没有收到回答，请稍后再试。");
      setPending(false);
      if (!panel.hidden) input.focus();
    });
  }

  // ---------------------------------------------------------------- boot
  function boot() {
    if (!document.body) return;
    build();
    window.GovQAWidget = {
      open: openPanel,
      close: closePanel,
      ask: function (q) { ask(q); },
      baseUrl: BASE_URL
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
