"""Pages: a PDF's text layer (pdf) and pictures of pages (scans over ocr), both laid out the same
way (layout: boxes to lines, paragraphs and table cells; pages: a page's Blocks), so a scanned
table gives the comments of the Word table it was printed from."""
