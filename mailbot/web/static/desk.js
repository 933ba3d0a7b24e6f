// A save that failed (a refused or expired session, a stale page, a server error, the desk gone)
// must not look saved: htmx swaps nothing on an error, so the row or card says so itself, in
// Chinese, with what to do. What the clerk typed stays in the row.
(function () {
  "use strict";
  var WHY = {
    400: "表单已过期，请刷新页面后重新保存。",
    401: "登录已失效，请重新登录后再保存。",
    403: "无权操作，请从本机或以登录用户身份操作。",
    404: "该条目已不存在，请刷新页面。",
    409: "此条已被他人修改，请刷新页面后再定。",
    413: "内容太长，未能保存，请删减说明后重试。",
    429: "操作过于频繁，请稍后再试。",
    500: "服务器出错，未能保存，请稍后重试；如仍失败请联系管理员。"
  };
  function say(element, text) {
    var holder = element.closest("tr, article, section, form") || document.body;
    var note = holder.querySelector(".note-save-failed");
    if (!note) {
      note = document.createElement("p");
      note.className = "note note-error note-save-failed";
      note.setAttribute("role", "alert");
      var cell = holder.tagName === "TR" ? holder.lastElementChild || holder : holder;
      cell.appendChild(note);
    }
    note.textContent = "未保存：" + text;
  }
  // A stale save (409) is told by the desk itself: who changed the comment and when.
  var OWN_WORDS = {409: true, 429: true};
  function serverWords(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    var text = (xhr.responseText || "").trim();
    return type.indexOf("text/plain") === 0 && text.length > 0 && text.length < 300 ? text : "";
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var status = xhr ? xhr.status : 0;
    var own = xhr && OWN_WORDS[status] ? serverWords(xhr) : "";
    say(event.detail.elt, own || WHY[status] || ("服务器返回错误（" + status + "），未能保存，请刷新页面后重试。"));
  });
  document.addEventListener("htmx:sendError", function (event) {
    say(event.detail.elt, "无法连接审阅台（网络中断或服务已停止），未能保存。");
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var holder = event.detail.elt.closest("tr, article, section, form");
    var note = holder && holder.querySelector(".note-save-failed");
    if (note) { note.remove(); }
  });
})();
