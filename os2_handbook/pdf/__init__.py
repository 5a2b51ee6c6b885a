"""The PDF edition: the pdfhtml builder (paper.py), WeasyPrint printing (printing.py),
the PDF/UA-1 check (pdfcheck.py) and its look (paper_theme/)."""
