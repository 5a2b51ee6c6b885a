"""Import a Jekyll/just-the-docs site into this handbook's MyST sources.

``python -m os2_handbook.importer SRC --dest source`` (or ``nox -s import
-- SRC``). The modules, in the order the import runs them:

- ``site``: read pages, front matter, ``_config.yml``; the navigation tree.
- ``passes``: one pass per kramdown/just-the-docs construct on a page
  (heading ids, callouts, table of contents, labels, Liquid, mermaid) to MyST.
- ``links``: page links, anchors, buttons and assets, resolved against the imported set.
- ``site_passes``: version, front page, logo, Sass, _config.yml and the site's licence.
- ``report``: what was converted, dropped or left for a maintainer.
- ``cli``: the command line, writing (or not, with ``--dry-run``) the result.
"""
