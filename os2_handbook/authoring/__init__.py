"""Authors' command-line tools: the gates (``python -m os2_handbook.authoring.lint``) with
their baseline, and the review report (``python -m os2_handbook.authoring.review``)."""
