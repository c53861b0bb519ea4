// Runs a site script against a tiny DOM shim in Node and reports what it did (used by tests/pagejs.py).
//
// Input (stdin, JSON): [{source, href, boxes: [attribute value...], documentSubject: bool}, ...]
// Output (stdout, JSON): [{boxes: [{hidden, text}], replaced: url-or-null, subscribed: n}, ...]
// The shim implements only what errcat's scripts may use; innerHTML and friends throw, so a script
// that tried to write HTML fails the test instead of passing silently.
"use strict";
const vm = require("node:vm");

function forbidden(name) {
  return { get() { throw new Error(name + " is not allowed"); }, set() { throw new Error(name + " is not allowed"); } };
}

function element(attributes) {
  const node = { hidden: true, textContent: null, attributes, children: [] };
  for (const name of ["innerHTML", "outerHTML", "insertAdjacentHTML"]) Object.defineProperty(node, name, forbidden(name));
  node.getAttribute = (name) => (name in attributes ? attributes[name] : null);
  node.querySelector = (selector) => node.children.find((c) => matches(c, selector)) || null;
  return node;
}

function matches(node, selector) {
  const m = /^\[([a-z-]+)\]$/.exec(selector);
  if (!m) throw new Error("the shim supports [attribute] selectors only, got " + selector);
  return m[1] in node.attributes;
}

function run(test) {
  const boxes = test.boxes.map((value) => {
    const box = element({ "data-errcat-message": value });
    box.children.push(element({ "data-errcat-filled": "" }));
    return box;
  });
  const url = new URL(test.href);
  const location = { href: url.href, search: url.search, hash: url.hash, replaced: null };
  location.replace = (target) => { location.replaced = new URL(target, url).href; };
  const document = {
    readyState: "complete",
    querySelectorAll: (selector) => boxes.filter((b) => matches(b, selector)),
    addEventListener: () => { throw new Error("the page is loaded: the script must not wait"); },
  };
  Object.defineProperty(document, "write", forbidden("document.write"));
  let subscribed = 0;
  const window = { location, document };
  if (test.documentSubject) {
    window.document$ = { subscribe(fn) { subscribed += 1; fn(); } };
  }
  const sandbox = { window, document, location, URL, URLSearchParams, JSON, Map };
  vm.runInNewContext(test.source, sandbox, { timeout: 2000 });
  return {
    boxes: boxes.map((b) => ({ hidden: b.hidden, text: b.children[0].textContent })),
    replaced: location.replaced,
    subscribed,
  };
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => { process.stdout.write(JSON.stringify(JSON.parse(input).map(run))); });
