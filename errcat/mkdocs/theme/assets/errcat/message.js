/* errcat: show a code's message filled in with the values its link passes (?field=title).
 *
 * A code page with params carries, in data-errcat-message, the message template and the names of
 * the params the catalog declares (JSON written by errcat's renderer, HTML-escaped). Only those
 * names are read from the query string, and the result is set with textContent: a value is shown
 * as text, never parsed as HTML, and nothing else from the URL reaches the page. A declared param
 * the link leaves out shows as "[missing]", as in errcat.envelope.fill_message.
 */
(function () {
  "use strict";

  var ATTRIBUTE = "data-errcat-message";
  var OUTPUT = "data-errcat-filled";
  var PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
  var MISSING = "[missing]";

  /* The declared params the query string gives, as a Map (never a plain object: "__proto__" is a valid name). */
  function declaredValues(declared, search) {
    var query = new URLSearchParams(search);
    var values = new Map();
    declared.forEach(function (name) {
      if (query.has(name)) values.set(name, query.get(name));
    });
    return values;
  }

  function fill(template, values) {
    return template.replace(PLACEHOLDER, function (_, name) {
      return values.has(name) ? values.get(name) : MISSING;
    });
  }

  /* Fill every message box of the page; a link without any declared param leaves the boxes hidden. */
  function render(root, search) {
    var boxes = root.querySelectorAll("[" + ATTRIBUTE + "]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var data = JSON.parse(box.getAttribute(ATTRIBUTE));
      var values = declaredValues(data.params, search);
      var output = box.querySelector("[" + OUTPUT + "]");
      if (values.size === 0 || output === null) {
        box.hidden = true;
        continue;
      }
      output.textContent = fill(data.template, values);
      box.hidden = false;
    }
  }

  function renderPage() {
    render(document, window.location.search);
  }

  // Material's instant navigation swaps pages without reloading: document$ emits on each one.
  if (typeof window.document$ === "object" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderPage);
  } else {
    renderPage();
  }
})();
