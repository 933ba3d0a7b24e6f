"""The workbooks' common make: a sheet written from columns and lines (sheets), cell values made
safe and typed (cells), columns fitted to their text (fitting) and the page set up to print
(layout)."""
