/* errcat: the filter box above a table of codes (the Codes page and the behaviour matrix).
 *
 * Typing hides the table's rows whose text does not contain every word typed (case-insensitive);
 * a behaviour's heading row stays while one of its codes shows. The box is rendered hidden, so a
 * reader without script sees the whole table and no box that does nothing.
 */
(function () {
  "use strict";

  function tableAfter(box) {
    for (var next = box.nextElementSibling; next; next = next.nextElementSibling) {
      var table = next.matches("table") ? next : next.querySelector("table");
      if (table) return table;
    }
    return null;
  }

  function apply(input, table, count) {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    var total = 0;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var visibleInGroup = 0;
      var heading = null;
      Array.prototype.forEach.call(body.rows, function (row) {
        if (row.classList.contains("errcat-matrix-behaviour")) {
          heading = row;
          return;
        }
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        total += 1;
        if (match) { shown += 1; visibleInGroup += 1; }
      });
      if (heading) heading.hidden = visibleInGroup === 0;
    });
    count.textContent = words.length ? shown + " of " + total + " codes" : "";
  }

  function setUp(box) {
    var input = box.querySelector("input[data-errcat-filter]");
    var count = box.querySelector(".errcat-filter-count");
    var table = tableAfter(box);
    if (!input || !table || box.dataset.errcatReady) return;
    box.dataset.errcatReady = "1";
    box.hidden = false;
    input.addEventListener("input", function () { apply(input, table, count); });
  }

  function setUpAll() {
    document.querySelectorAll(".errcat-filter").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
