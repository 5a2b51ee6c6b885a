"""The OS2 handbook's own code, laid out by role (README.md has the same map in Danish).

- ``ext/``: everything that runs inside ``sphinx-build``; conf.py loads
  ``os2_handbook.ext``, whose ``setup()`` loads every part.
- ``pdf/``: the PDF edition (the ``pdfhtml`` builder, WeasyPrint, the PDF/UA check).
- ``authoring/``: authors' command-line tools (lint and its baseline, the review report).
- ``importer/``: the Jekyll importer, ``python -m os2_handbook.importer``.
- ``fences/``: every use of another project's internals, one module per project.
- ``build.py``: ``python -m os2_handbook.build``, the one entry point of the builds.
- ``preview.py``: the live preview (sphinx-autobuild with warm rebuilds).
- ``project.py``: the project's settings and paths, read in one place (standard
  library only: the noxfile imports it before anything is installed).
- ``edition.py``: the handbook's edition (version, month, link) from udgave.toml.
- ``nodejs.py``: the Node.js the front-end tools need, checked before they run.

Benchmarks live in ``benchmarks/``, test scaffolding in ``tests/support/``.
"""
