"""The files attached to a reply: one entry point (attachments) that routes each file by what it
is; the Office readers (docx over wordml and ooxml, revisions for tracked changes and margin
comments, xlsx and its cellnotes) and archives (.zip, .rar, .7z, winmail.dat), all within the
limits of parsers.guard."""
