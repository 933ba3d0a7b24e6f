"""One module a page: 报送进度, 按条款, 待复核, 采纳, 来件, and the comment page."""
