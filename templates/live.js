// The preview's live page (journeymap serve without --edit): the server says every new
// version of the report as a server-sent event; the page then fetches the new report and
// changes only the nodes that differ.  Reloading a 7 MB report made Chromium parse and lay
// out all of it again (1-2 s at 2,000 touchpoints); a renamed card changes a few text
// nodes.  The reader keeps their place on the page.  Nothing here runs user text as
// markup: the new nodes come from the server's own escaped report, parsed inertly.
"use strict";

(function () {
  const VERSION = "meta[name=journeymap-version]";
  const POLICY = "meta[http-equiv=Content-Security-Policy]";
  const versionOf = (doc) => (doc.querySelector(VERSION) || { content: "" }).content;
  const policyOf = (doc) => (doc.querySelector(POLICY) || { content: "" }).content;
  let shown = versionOf(document);
  let wanted = shown;
  let following = false;

  function sameAttributes(old, next) {
    for (const attribute of Array.from(old.attributes)) {
      if (!next.hasAttributeNS(attribute.namespaceURI, attribute.localName)) {
        old.removeAttributeNS(attribute.namespaceURI, attribute.localName);
      }
    }
    for (const attribute of Array.from(next.attributes)) {
      const value = old.getAttributeNS(attribute.namespaceURI, attribute.localName);
      if (value !== attribute.value) {
        old.setAttributeNS(attribute.namespaceURI, attribute.name, attribute.value);
      }
    }
  }

  // Makes ``old`` (in this page) equal to ``next`` (in the fetched report): equal
  // subtrees are left alone, so only what the edit changed is laid out again.
  function morph(old, next) {
    if (old.isEqualNode(next)) return;
    if (old.nodeType !== next.nodeType || old.nodeName !== next.nodeName) {
      old.replaceWith(document.importNode(next, true));
      return;
    }
    if (old.nodeType !== Node.ELEMENT_NODE) {
      old.nodeValue = next.nodeValue;
      return;
    }
    sameAttributes(old, next);
    const before = old.childNodes;
    const after = next.childNodes;
    if (before.length !== after.length) {
      old.replaceChildren(...Array.from(after, (node) => document.importNode(node, true)));
      return;
    }
    for (let index = 0; index < after.length; index++) morph(before[index], after[index]);
  }

  async function show() {
    const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    // A page's security policy holds from its first parse: a new one needs a new page.
    if (policyOf(next) !== policyOf(document)) throw new Error("new security policy");
    morph(document.documentElement, next.documentElement);
    return versionOf(next);
  }

  // Versions that arrive while a report is fetched are shown by one more fetch.
  async function follow() {
    following = true;
    try {
      let target;
      do {
        target = wanted;
        shown = await show();
      } while (wanted !== target);
    } catch (error) {
      location.reload();  // whatever went wrong, the whole page shows the newest report
    } finally {
      following = false;
    }
  }

  const events = new EventSource("/__journeymap/events");
  events.addEventListener("version", (event) => {
    wanted = event.data;
    if (!following && wanted !== shown) follow();
  });
})();
