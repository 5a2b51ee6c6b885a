"""Import a Jekyll/just-the-docs site into this handbook's MyST sources.

``python -m os2_handbook.importer SRC --dest source`` (or ``nox -s import
-- SRC``). The modules, in the order the import runs them:

- ``site``: read pages, front matter, ``_config.yml``; the navigation tree.
- ``kramdown``: kramdown and just-the-docs constructs (heading ids, callouts,
  table of contents, labels, buttons, Liquid, mermaid) to MyST.
- ``links``: page links, anchors and assets, resolved against the imported set.
- ``report``: what was converted, dropped or left for a maintainer.
- ``cli``: the command line, writing (or not, with ``--dry-run``) the result.
"""
