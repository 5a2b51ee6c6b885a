/*
 * The handbook's search scorer (html_search_scorer, os2_handbook/ext/search.py).
 *
 * Sphinx's own scores, and one rule more: a page where the query is only a
 * part of compounds ("koordinator" in "produktkoordinatoren") comes after
 * the pages where it stands as a word of its own or inflected. Which pages
 * that is for each stem, _static/os2-compound-hits.js says (written by the
 * build; loaded on the search page only).
 */
var Scorer = {
  // Sphinx 9.0's defaults (searchtools.js), unchanged
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  score: (result) => {
    const [docname, , , , score, , kind] = result;
    const onlyInCompounds = window.OS2_COMPOUND_HITS?.[docname];
    if (kind !== "text" || !onlyInCompounds) return score;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const stemmer = new Stemmer();
    const stems = splitQuery(query.toLowerCase())
      .filter((word) => !stopwords.has(word))
      .map((word) => stemmer.stemWord(word));
    const compoundOnly = stems.length > 0 && stems.every((s) => onlyInCompounds.includes(s));
    return compoundOnly ? score - 1 : score;
  },
};
