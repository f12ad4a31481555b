// Autocomplete of the public search box from /api/v2/search/suggest/ (issue 13).
(function () {
  var box = document.getElementById("q"), list = document.getElementById("q-suggestions"), timer;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = box.value.trim();
      if (!q) { list.innerHTML = ""; return; }
      fetch(box.dataset.suggest + "?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (data) {
        list.innerHTML = "";
        data.suggestions.forEach(function (s) { var o = document.createElement("option"); o.value = s.text; list.appendChild(o); });
      }).catch(function () {});
    }, 150);
  });
})();
