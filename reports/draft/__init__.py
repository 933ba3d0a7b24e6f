"""The draft marked up for the drafter (批注稿.docx, 修改稿.docx): every comment in the margin of
its clause (annotate), like proposals grouped (grouping) and exact edits applied (proposals), the
WordprocessingML written by hand (wordmarks: margin comments, tracked changes)."""
