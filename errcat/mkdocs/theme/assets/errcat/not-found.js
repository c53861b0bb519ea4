/*
 * errcat's 404 page: for an address like /<api>/<code>/ that the catalog does not know (yet), say
 * "unknown code", name the API, and list the closest known codes from catalog.json.
 *
 * The address is untrusted text: it is only ever shown with textContent and compared with catalog
 * keys; every link this page makes goes to a code or API that catalog.json lists. The pure
 * functions (parsePath, rankCodes, explain) are exported for Node so the tests run this very file.
 */
(function () {
  "use strict";

  var SUGGESTIONS = 5;
  var MAX_SEGMENT = 64; // longer path segments are cut before ranking: the work stays bounded

  /* Path segments after the site's base path, decoded; undecodable ones are kept as typed. */
  function parsePath(pathname, basePath) {
    var base = basePath.replace(/\/*$/, "/");
    var rest = pathname.indexOf(base) === 0 ? pathname.slice(base.length) : pathname;
    return rest.split("/").filter(function (s) { return s !== "" && s !== "index.html"; }).map(function (s) {
      try { return decodeURIComponent(s); } catch (e) { return s; }
    });
  }

  /*
   * catalog.json ({"apis": [{"slug", "title", "codes": [{"code", "title", "title_text", ...}]}]}) as a flat list
   * of {api, apiTitle, code, title}. The one place that knows its shape; anything malformed is skipped.
   */
  function entries(catalog) {
    var list = [];
    var apis = catalog && Array.isArray(catalog.apis) ? catalog.apis : [];
    apis.forEach(function (api) {
      if (!api || typeof api.slug !== "string" || !Array.isArray(api.codes)) return;
      api.codes.forEach(function (code) {
        if (!code || typeof code.code !== "string") return;
        list.push({ api: api.slug, apiTitle: String(api.title || api.slug), code: code.code, title: String(code.title_text || code.title || "") });
      });
    });
    return list;
  }

  function sharedPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  function editDistance(a, b) {
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }

  var DIGITS = /^[0-9]+$/;

  /*
   * How close a known code is to the one asked for, as a sort key (smaller is closer), or null when
   * they have nothing in common. Same code in another case or API first; then, for numeric codes,
   * the longest shared prefix (same range or group) and the smallest numeric distance; otherwise
   * the smallest edit distance (at most half the length: beyond that nothing is alike), then the
   * longest shared prefix.
   */
  function closeness(wanted, known) {
    var a = wanted.toUpperCase(), b = known.toUpperCase();
    if (a === b) return [0, 0, 0];
    if (DIGITS.test(a) && DIGITS.test(b)) return [1, -sharedPrefix(a, b), Math.abs(Number(a) - Number(b))];
    var d = editDistance(a, b);
    return 2 * d <= Math.max(a.length, b.length) ? [2, d, -sharedPrefix(a, b)] : null;
  }

  function compareKeys(x, y) {
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  }

  /* The known entries closest to ``wanted``, best first, at most ``limit``. */
  function rankCodes(wanted, known, limit) {
    var query = wanted.slice(0, MAX_SEGMENT);
    return known
      .map(function (entry) { return { entry: entry, key: closeness(query, entry.code) }; })
      .filter(function (scored) { return scored.key !== null; })
      .sort(function (x, y) { return compareKeys(x.key, y.key) || (x.entry.api + "/" + x.entry.code < y.entry.api + "/" + y.entry.code ? -1 : 1); })
      .slice(0, limit)
      .map(function (scored) { return scored.entry; });
  }

  /* The site URL of a code or API page, under the base path: /<api>/<code>/ is the URL contract. */
  function pageUrl(basePath, api, code) {
    var base = basePath.replace(/\/*$/, "/");
    return base + encodeURIComponent(api) + "/" + (code === undefined ? "" : encodeURIComponent(code) + "/");
  }

  var SEPARATORS = /[_.\-]+/;

  /*
   * What to search for when a code is unknown: the code itself finds nothing, so search for its family,
   * the codes that share its beginning, with the search's trailing wildcard: 2199 -> "21*" (same range),
   * AGENT_SSE_FOO -> "AGENT_SSE*" (same prefix). A code with no family to speak of is searched as typed.
   */
  function searchQuery(code) {
    var query = code.slice(0, MAX_SEGMENT);
    if (DIGITS.test(query)) return query.length > 2 ? query.slice(0, query.length - 2) + "*" : query;
    var parts = query.split(SEPARATORS);
    if (parts.length < 2) return query;
    var last = query.length - parts[parts.length - 1].length;
    var prefix = query.slice(0, last).replace(/[_.\-]+$/, "");
    return prefix ? prefix + "*" : query;
  }

  /*
   * What the page should say for ``pathname``: the unknown code (text), the API the path names
   * (known or not), and suggestions that link only to codes catalog.json lists.
   */
  function explain(catalog, pathname, basePath) {
    var segments = parsePath(pathname, basePath);
    var known = entries(catalog);
    var apis = new Map(known.map(function (e) { return [e.api, e.apiTitle]; }));
    var apiNamed = segments.length > 1 ? segments[0] : null;
    var code = segments.length > 1 ? segments[1] : segments.length === 1 && !apis.has(segments[0]) ? segments[0] : null;
    var api = apiNamed !== null && apis.has(apiNamed)
      ? { slug: apiNamed, title: apis.get(apiNamed), url: pageUrl(basePath, apiNamed), codesUrl: pageUrl(basePath, apiNamed) + "codes/" }
      : null;
    var pool = api ? known.filter(function (e) { return e.api === api.slug; }) : known;
    var closest = code === null ? [] : rankCodes(code, pool, SUGGESTIONS);
    return {
      code: code,
      query: code === null ? "" : searchQuery(code),
      apiNamed: apiNamed,
      api: api,
      known: closest.length > 0 && closest[0].code === code && (api === null || closest[0].api === api.slug),
      suggestions: closest.map(function (e) {
        return { api: e.api, code: e.code, text: e.code + " " + e.title + (api ? "" : " (" + e.apiTitle + ")"), url: pageUrl(basePath, e.api, e.code) };
      }),
    };
  }

  /* Fill the summary paragraph: what is unknown, and where it was looked for. Text nodes only. */
  function describe(doc, summary, view) {
    summary.textContent = "";
    if (view.known) {
      var noSuchApi = view.api === null && view.apiNamed !== null ? "No API is called “" + view.apiNamed + "”, but t" : "This address is not a page, but t";
      summary.textContent = noSuchApi + "he code “" + view.code + "” is documented: see below.";
      return;
    }
    summary.appendChild(doc.createTextNode("The code “" + view.code + "” is not in the catalog"));
    if (view.api) {
      summary.appendChild(doc.createTextNode(" of the API "));
      var apiLink = doc.createElement("a");
      apiLink.href = view.api.url;
      apiLink.textContent = view.api.title;
      summary.appendChild(apiLink);
    } else if (view.apiNamed !== null) {
      summary.appendChild(doc.createTextNode(", and no API is called “" + view.apiNamed + "”"));
    }
    summary.appendChild(doc.createTextNode(". It may be new and not documented yet, or the link may be mistyped."));
    if (view.api) {
      summary.appendChild(doc.createTextNode(" "));
      var codesLink = doc.createElement("a");
      codesLink.href = view.api.codesUrl;
      codesLink.textContent = "Every code of " + view.api.title;
      summary.appendChild(codesLink);
      summary.appendChild(doc.createTextNode("."));
    }
  }

  /* Show ``view`` (from explain) in the page: text via textContent, links only from the view. */
  function render(doc, box, view) {
    function part(name) { return box.querySelector('[data-errcat="' + name + '"]'); }
    if (view.code === null) return;
    if (!view.known) part("title").textContent = "Unknown code";
    describe(doc, part("summary"), view);
    var input = doc.getElementById("errcat-not-found-query");
    if (input) input.value = view.known ? view.code : view.query;
    var list = part("suggestion-list");
    view.suggestions.forEach(function (s) {
      var item = doc.createElement("li");
      var link = doc.createElement("a");
      link.href = s.url;
      link.textContent = s.text;
      item.appendChild(link);
      list.appendChild(item);
    });
    part("suggestions").hidden = view.suggestions.length === 0;
  }

  function main() {
    var box = document.getElementById("errcat-not-found");
    if (!box) return;
    var base = box.getAttribute("data-base") || "/";
    var show = function (catalog) { render(document, box, explain(catalog, window.location.pathname, base)); };
    fetch(base.replace(/\/*$/, "/") + "catalog.json")
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show, function () { show(null); });
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { parsePath: parsePath, entries: entries, rankCodes: rankCodes, explain: explain, pageUrl: pageUrl, searchQuery: searchQuery };
  } else {
    main();
  }
})();
