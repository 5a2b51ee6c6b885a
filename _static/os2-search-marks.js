/*
 * The search page's snippets mark the hit with <mark> (loaded on the search
 * page only, os2_handbook/ext/search.py): each word of the query as written,
 * or else its stem, wherever it stands, inside a compound too ("koordinator"
 * in "produktkoordinatoren"). Sphinx's own highlighting of the snippet
 * (span.highlighted) is replaced: <mark> is the element that says "the hit".
 */
"use strict";
(() => {
  const results = document.getElementById("search-results");
  const query = new URLSearchParams(window.location.search).get("q") || "";
  const stemmer = new Stemmer();
  const words = splitQuery(query.toLowerCase()).filter((word) => !stopwords.has(word));
  const terms = [...new Set(words.flatMap((word) => [word, stemmer.stemWord(word)]))]
    .filter((term) => term.length > 0)
    .sort((a, b) => b.length - a.length) // the word as written before its stem
    .map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!results || terms.length === 0) return;
  const hit = new RegExp(terms.join("|"), "giu");
  const marked = new WeakSet();

  const mark = (snippet) => {
    marked.add(snippet);
    const text = snippet.textContent;
    const pieces = [];
    let end = 0;
    for (const found of text.matchAll(hit)) {
      pieces.push(text.slice(end, found.index));
      pieces.push(Object.assign(document.createElement("mark"), { textContent: found[0] }));
      end = found.index + found[0].length;
    }
    snippet.replaceChildren(...pieces, text.slice(end));
  };

  new MutationObserver(() => {
    results.querySelectorAll("p.context").forEach((snippet) => marked.has(snippet) || mark(snippet));
  }).observe(results, { childList: true, subtree: true });
})();
