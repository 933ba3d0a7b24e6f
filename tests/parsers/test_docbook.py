"""antiword's DocBook of a .doc (parsers.files.docbook): paragraphs and rows, nothing else."""

from __future__ import annotations

import pytest

from parsers.errors import CorruptFile
from parsers.files.docbook import has_table, read_docbook

DOCBOOK = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook XML V4.1.2//EN"
\t"http://www.oasis-open.org/docbook/xml/4.1.2/docbookx.dtd">
<book lang='en_US'>
 <bookinfo><author><surname>Administrator</surname></author><date>2014-09-16</date></bookinfo>
 <chapter><title/>
  <para><emphasis role='bold'>修改意见表</emphasis></para>
  <para><informaltable frame='none'><tgroup cols='3'><tbody>
   <row><entry>
条款
   </entry><entry>
修改意见
   </entry><entry>理由</entry></row>
   <row><entry>第6条</entry><entry>
“培训费”修改为“按工资总额一定比例列支的培训经费”。
   </entry><entry></entry></row>
  </tbody></tgroup></informaltable></para>
  <para>联系人：李明</para>
 </chapter>
</book>""".encode()


def test_rows_are_read_by_their_header() -> None:
    result = read_docbook(DOCBOOK, "表.doc")
    assert has_table(DOCBOOK)
    assert result.text.splitlines() == ["修改意见表", "条款 | 修改意见 | 理由",
                                        "第6条 | “培训费”修改为“按工资总额一定比例列支的培训经费”。 | ", "联系人：李明"]
    rows = [(b.ref, b.text) for b in result.blocks if b.kind == "table_row"]
    assert rows == [("第6条", "“培训费”修改为“按工资总额一定比例列支的培训经费”。")]
    assert "Administrator" not in result.text


def test_an_entity_is_refused_as_a_broken_file() -> None:
    hostile = b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY x "y">]><book><para>&x;</para></book>'
    with pytest.raises(CorruptFile, match="坏.doc"):
        read_docbook(hostile, "坏.doc")
