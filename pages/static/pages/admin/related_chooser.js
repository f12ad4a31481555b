// 相关信息: search as the editor types, add a match as a hidden input, remove a chosen one.
(function () {
  function setUp(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var query = box.querySelector(".gk-related-query");
    var results = box.querySelector(".gk-related-results");
    var chosen = box.querySelector(".gk-related-chosen");
    var status = box.querySelector(".gk-related-status");
    var timer = null;
    var match = location.pathname.match(/\/pages\/(\d+)\/edit\//);

    function isChosen(id) {
      return !!chosen.querySelector('li[data-id="' + id + '"]');
    }
    function add(row) {
      if (isChosen(row.id)) return;
      var li = document.createElement("li");
      li.dataset.id = row.id;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = box.dataset.name;
      input.value = row.id;
      var span = document.createElement("span");
      span.textContent = row.title;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button-small button-secondary";
      remove.setAttribute("data-gk-remove", "");
      remove.textContent = "移除";
      li.append(input, span, " ", remove);
      chosen.append(li);
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function show(rows) {
      results.replaceChildren();
      status.textContent = rows.length ? "找到 " + rows.length + " 条，点击「关联」加入" : "没有找到匹配的信息";
      rows.forEach(function (row) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small";
        button.textContent = isChosen(row.id) ? "已关联" : "关联";
        button.disabled = isChosen(row.id);
        button.addEventListener("click", function () {
          add(row);
          button.textContent = "已关联";
          button.disabled = true;
        });
        var span = document.createElement("span");
        span.textContent = row.title + (row.detail ? "（" + row.detail + "）" : "");
        li.append(button, " ", span);
        results.append(li);
      });
    }
    function search() {
      var q = query.value.trim();
      if (!q) {
        results.replaceChildren();
        status.textContent = "";
        return;
      }
      var url = box.dataset.searchUrl + "?q=" + encodeURIComponent(q) + (match ? "&exclude=" + match[1] : "");
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { show(data.results); })
        .catch(function () { status.textContent = "搜索失败，请稍后重试"; });
    }
    query.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    query.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); clearTimeout(timer); search(); }
    });
    chosen.addEventListener("click", function (e) {
      if (e.target.matches("[data-gk-remove]")) {
        e.target.closest("li").remove();
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
  function init() {
    document.querySelectorAll(".gk-related").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
