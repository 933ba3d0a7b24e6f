"""Free text (Word paragraphs, mail bodies) to comment Blocks.

A reply in prose is a greeting, a lead-in ("意见如下："), numbered items, perhaps
headings that group sub-items ("四、关于第18条，有以下两点意见：" then （1）（2）),
and a signature. An item is a comment when it proposes something; a heading
passes its reference down to the sub-items under it as `context`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection

from parsers.comments.numerals import to_int
from parsers.records import Block, BlockKind

ENUM_RE = re.compile(
    r"^\s*(?P<enum>[(（【]\s*[一二三四五六七八九十0-9０-９]{1,3}\s*[)）】]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[0-9０-９]{1,3}\s*[、.．](?![0-9０-９])|[0-9０-９]{1,3}\s*[.．](?=[0-9０-９]{1,2}\s*条)"  # "2．4条，…": item 2 on clause 4
    r"|[0-9０-９]{1,2}\s*[)）]"
    r"|[①-⑳])\s*"
)
SUGGEST_RE = re.compile(
    r"建议|改为|修改为|改成|增加|增设|补充|删去|删除|删掉|去掉|调整为|统一为|明确为|表述为|替换|增写|补写|补入|增补|"
    r"应当|应该|还应|也应|亦应|应予|不妥|欠妥|不准确|有误|不一致|不统一|重复|缺少|过于|不够|不规范|提法"
)
# A wording or punctuation fix says what a word or mark "should be" rather than "建议…":
# "此处句号应为逗号", "第三条“工做”应为“工作”", "“的”字多余", "要写明…". Counted only on a short
# line, where it is the whole point; in a long paragraph (an essay, a report) such words are prose.
FIX_RE = re.compile(
    r"应为|应是|应作|应改|应加|应删|应去掉|应补|应写|应统一|应明确|应与|写明|写清|讲清|"
    r"多余|多了一?个|漏了|漏掉|漏打|漏写|漏标|漏加|遗漏|少了一?个|错别字|错字|别字|笔误|病句|语病|不通顺|"
    r"宜改|宜为|宜用|宜删|似应|似宜|似可|疑为|为宜|用词不当|不恰当|前加(?![强大快深紧以])|后加(?![强大快深紧以])|添加|补上|换成|换为|混用|请校对|请核对|"
    # "……语序颠倒，改作“建立并实施”较妥"
    r"改作|语序颠倒|语序不当|语序有误|顺序颠倒|统一加|统一使用|统一用|统一写|统一成|通改|"
    # "“工会主席按同级副职配备”前后表述不一，请核实"
    r"(?:表述|说法|提法|写法|用语|口径|前后)不一(?![定样般些])|"
    r"可以?删|可以?去掉|可以?精简|可以?压缩|"
    # "重要性和总体要求两条合并为一条", "第12条拆成两条": the clauses' own layout changed
    r"(?:合并|归并|合|并)(?:为|成)(?:一|1)(?:条|款|段|句|项|个部分)|(?:拆分|拆|分)(?:为|成)(?:两|二|三|几|2|3)(?:条|款|段|句|项|个部分)|"
    r"改[“\"][^”\"]{1,20}[”\"]为|[”\"]\s*改\s*[“\"]|[句逗顿分冒问叹引书括]号改(?:为|成)?[句逗顿分冒问叹引书括]号|(?:加|删|去掉|补|缺|少|多)了?一?个?[句逗顿分冒问叹引书括]号"
    # "前一个引号方向反了", "括号不成对", "书名号用错了": a mark wrong, said so
    r"|[句逗顿分冒问叹引书括]号(?:的)?(?:方向|位置|用法)?(?:反了|错了|用错|不对|不成对|不配对|缺失|有误)"
)
FIX_LINE_LIMIT = 60
# A line that opens with a clause of the draft and says what it should do ("第10条职工书屋要向基层
# 倾斜", "第4条劳模工作室应有经费保障") proposes, though it has no 建议: the reference makes it one.
_N = r"[0-9０-９一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾]+"
# "第5条…", "第三部分第2条…", "十一条：…" opening a line
CLAUSE_LEAD_RE = re.compile(rf"^(?:关于|对)?(?:第\s*{_N}\s*部分\s*(?:的|中的?|[:：])?\s*)?第\s*{_N}(?:\s*[、,，和及至到-]\s*(?:第\s*)?{_N})*\s*条"
                            r"|^(?:关于|对)?(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[二三四五六七八九]|[0-9０-９]{1,2})\s*条\s*[:：，,、]"
                            rf"|^(?:关于|对)?第\s*{_N}\s*部分\s*(?:的|中的?)?\s*第\s*{_N}\s*[项点]")  # "第五部分第三项中…"
MODAL_RE = re.compile(r"请考虑|请(?=[加增补删写改换])|应|要|需|宜|须|必须|不得|不能|允许|可以|可由|可按|(?<![认许不无])可(?=[开设建增办组举推采搞写加列])|别(?=[两再让把搞只光])|不要|最好|希望|可否|能否|是否可以|能不能|可不可以")  # 别让, not 差别
LEAD_IN_RE = re.compile(r"(如下|以下|下列|几点|意见|建议)[^，。]{0,12}[:：]\s*$|(如下|以下|下列|几点)[^。]{0,40}[:：]\s*$"
                        # "现再补充两点：", "提三条："
                        r"|(?:补充|提出|提|反映|增加|另有|还有)[^，。]{0,3}(?:[一二两三四五六七八九十几]|[0-9]{1,2})\s*(?:点|条|项|处)[^，。]{0,8}[:：]\s*$"
                        # "再补充两条，接着上次的序号："
                        r"|(?:补充|提出|反映|增加)[^，。]{0,3}(?:[一二两三四五六七八九十几]|[0-9]{1,2})\s*(?:点|条|项|处)[，,][^。“”]{0,16}[:：]\s*$"
                        # "王主席审稿时补充：", "另外：": a label over the item below
                        r"|^[^，。“”\"]{0,12}(?:补充|追加|另外|此外|还有)\s*[:：]\s*$")
COVER_RE = re.compile(r"见附件|附件[是为中里]|详见附件|附件[一二三123]|请查收|请收(?:阅|悉|下)?(?:[。.！!]|$)|(?:发去|发上|呈上|奉上|送上)[^。，\n]{0,12}(?:意见|建议)|请审阅|请查阅|报送|上报|报上(?!级)|此件|原件|原稿|发回"
                      # a sub-unit's comments sent on: "转发珲春港务有限公司工会的修改建议，请一并汇总"
                      r"|(?:意见|建议)(?:一并)?转(?:去|来|上|过去|给你们)(?:[。，,；;]|$)|^转(?:发|报|送|呈|上|来|交|去)[^。，\n]{0,20}(?:意见|建议)|转(?:报|呈|送|发)(?:给)?(?:你|贵|宣教|州总|上级)|请一并(?:汇总|统计|收录|整理)|已电话(?:报告|汇报|告知|说明)"
                      # how the attachment marks them: "在稿子上用修订模式改了", "用修订和批注标出"
                      r"|修订模式|修订和批注|批注和修订|用修订|以修订|(?:批注|修订)(?:标出|标注|的形式|方式)|在(?:PDF|pdf|Word|word|WPS)?(?:稿子|文稿|原文|文件|原稿)(?:上|中|里)|(?:用|以)[红蓝绿黄紫]色?(?:的)?(?:字|字体|底纹|标注|标出|高亮)|(?:注释|批注|标注)工具|(?:直接)?标(?:注)?在(?:PDF|pdf)?(?:原文|文件|稿子)"
                      # a resend or a replacement explained: "前面那份是初稿误发了，请用这份定稿替换"
                      # how to open the attachment: "（odt格式，可用WPS或LibreOffice打开）"
                      r"|(?:odt|ODT|docx?|DOCX?|wps|WPS|pdf|PDF|xlsx?|XLSX?|ofd|OFD)\s*格式|(?:可|请|需)?用[^，。；]{0,20}(?:软件|WPS|Office|LibreOffice|Word|Excel|阅读器)[^，。；]{0,6}打开"
                      r"|误发|发错|重发|重新发送|重新报送|再次发送|以(?:这|此|本)(?:份|次|稿)为准|用这份|替换(?:前|上|之前|原)|作废|请忽略"
                      r"|(?:意见|建议)附后|附后|见附表|列于附表|附表[一二三123]?[中里内]"
                      # where the comment is instead: "另有一条补充写在批注里"
                      r"|(?:写|标|列|附|放)在(?:了)?(?:批注|附件|附表|表格|表中)(?:里|中|内|上)?[。.]?$"
                      # what is attached, counted: "修改建议PDF一份；签字盖章件拍了照片，一并附上"
                      r"|一并(?:附上|发送|发来|报送|发给)|(?:PDF|pdf|Word|WORD|word|WPS|扫描件|盖章件|电子版|纸质版|照片)(?:版|格式|文件)?(?:一|1|各一)份"
                      # the pictures below the mail: "打印件拍照附在下面", "截图附后"
                      r"|附在(?:下面|下方|后面|邮件后)|附于(?:下|后|文后)|(?:拍照|照片|图片|截图)(?:附|贴|放)在"
                      # how the returned draft marks them without track changes: "蓝色字为建议增加的内容"
                      r"|(?:红|蓝|绿|黄|紫)色(?:的)?(?:字|字体|文字|部分|标注)?(?:为|是|表示|系)|(?:删除线|下划线|加粗|斜体|阴影|高亮)(?:的)?(?:字|文字|部分)?(?:为|是|表示)")
def _goes_on(comment: str, line: str) -> bool:
    """The paragraph is the rest of the comment just above: its conclusion ("为此，建议增加……"
    under the item that set out the problem), or the new text its rewrite announced ("第十条修改为："
    then "10、……" in a paragraph of its own)."""
    if CARRIES_ON_RE.match(line) and not enum_style(line):
        return True
    return bool(REWRITE_OPEN_RE.search(comment)) and not CLAUSE_LEAD_RE.match(line)


def _after_cover(line: str) -> str:
    """What a cover line says after its cover sentences ("我会的修改意见附后。另外……建议……")."""
    sentences = [part for part in re.split(r"(?<=[。！!])", line) if part.strip()]
    if len(sentences) < 2 or not COVER_RE.search(sentences[0]):
        return ""
    while sentences and COVER_RE.search(sentences[0]):
        sentences = sentences[1:]
    return "".join(sentences).strip()


def _announced(line: str, context: str, titled: bool = False) -> bool:
    """An item under a lead-in announcing comments ("提三点意见："), placed on its clause ("……
    （第8条）", "第8条……"): a comment though it asks in no proposal word ("增设专项赛")."""
    body = strip_enum(line)
    placed = CLAUSE_LEAD_RE.match(body) or CLAUSE_TAIL_RE.search(body)
    if LEAD_IN_RE.search(body) or body.rstrip().endswith(("：", ":")) or COVER_RE.search(body):  # a heading, or a cover note
        return False
    sentence = re.search(r"[，。；,;]|……", body)  # "第五条　用技能人才推动创新发展" is a heading: no sentence in it
    # or it says what could be done ("返乡活动，可与铁路部门联合组织包车"), or it is a numbered item saying what
    # should be ("三是职工书屋建设要向乡村学校倾斜"): under the lead-in, a proposal
    offers = (OFFER_RE.search(body) or SHOULD_RE.search(body)) and not is_question(body) and not FORM_NOTE_RE.search(body)
    announced = (context and (LEAD_IN_RE.search(context) or MARKED_EDIT_RE.search(context))) or (titled and enum_style(line))
    # "提出三点意见：" over "一是…" "二是“安康杯”竞赛活动延伸至医疗卫生行业…": the points it counts, each an item
    counted = bool(context and _COUNTED_LEAD_RE.search(context) and (enum_style(line) or _POINT_ITEM_RE.match(line)))
    return bool(announced and (placed or offers or counted) and sentence and len(body) >= 12
                and not QUOTED_LABEL_RE.match(body) and not says_only_none(body) and not is_closing(body)
                and not OFF_THE_TEXT_RE.search(body))


def _next_in_a_list_of_comments(line: str, style: str, value: int | None, markers: dict[int, tuple[str, int]],
                                 blocks: list[Block]) -> bool:
    """"（一）建议…" then "（二）寒暑假期间组织乡村教师到疗休养基地轮休。": the item after a comment in
    the same numbered list, a sentence saying what to do, is one too (not the unit's own doings,
    a closing line or a heading)."""
    if value is None or not blocks or markers.get(len(blocks) - 1) != (style, value - 1):
        return False
    body = strip_enum(line)
    return (len(body) >= 12 and bool(re.search(r"[，。；,;]", body)) and not body.rstrip().endswith(("：", ":"))
            and not _OWN_DOING_RE.search(body) and not is_closing(body) and not says_only_none(body)
            and not is_question(body) and not COVER_RE.search(body) and not LEAD_IN_RE.search(body)
            and not REASON_LINE_RE.match(body) and not QUOTED_LABEL_RE.match(body))


# What the unit itself did or does, told: "我会组织了三次座谈会", "经讨论，大家认为…".
_OWN_DOING_RE = re.compile(r"^(?:我会|我们|我单位|本单位|我局|我公司|我院|我校|我场|我厂)|(?:组织|召开|进行|开展)了|讨论|学习了|认为")


# A lead-in counting the points below ("提出三点意见：", "提以下几条建议："), and the reply's own points (一是, 其二).
_COUNTED_LEAD_RE = re.compile(r"(?:[两二三四五六七八九十几]|[0-9]{1,2})\s*(?:点|条|项)(?:意见|建议|修改意见)?\s*[:：]\s*$")
_POINT_ITEM_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]是|其[一二三四五六七八九十])")


# A title over the comments: "…对征求意见稿的几点意见", "…修改建议".
ANNOUNCING_TITLE_RE = re.compile(r"(?:几点|若干|修改|反馈|补充|的)(?:意见|建议)$")


# An instruction in case the reader has something to say: "如有意见，请…联系", "如有疑问请及时反馈".
IF_ANY_RE = re.compile(r"如(?:有|对|需)[^。，,]{0,8}(?:意见|异议|疑问|问题|补充)[，,]?\s*请")
# A note on how the table or the marks below are laid out: "说明：左栏为…，右栏为…".
LAYOUT_NOTE_RE = re.compile(r"^\s*(?:说明|注|备注)\s*[:：][^。]{0,30}(?:左栏|右栏|左列|右列|上栏|下栏|第[一二三四1-4][栏列]|[红蓝绿黄]色?字|加粗|下划线)[^。]{0,8}(?:为|是|系|表示)"
                            # "说明：修改部分在“修改为”栏中用下划线标出"
                            r"|^\s*(?:说明|注|备注)\s*[:：][^。]{0,24}(?:栏|列)(?:中|里|内)?[^。]{0,6}(?:用|以)[^。]{0,10}(?:标出|标明|标注|表示|显示)")
# "右侧文本框内是铁路工会补充的一条": where in the file a unit's comment stands, and whose it is.
WHERE_IT_STANDS_RE = re.compile(r"^\s*[^，。“”；]{0,12}(?:文本框|批注|表格|附表|附件|右侧|左侧|右边|左边|下方|上方|下面|上面)(?:中|里|内)?"
                                r"[^，。“”；]{0,4}(?:是|为)[^，。“”；]{0,16}(?:补充|提出|所提|增加|修改)的(?:一条|两条|几条|意见|建议|内容)?\s*[。.]?\s*$")
# A key to changes marked in the clauses set out below: "我会意见直接在原文上改了，红字为增加的内容：".
MARKED_EDIT_RE = re.compile(r"(?:[红蓝绿黄紫]色?(?:的)?字(?:体)?(?:部分)?|加粗(?:的)?(?:部分|文字)?|(?:下)?划线(?:部分)?|标[红黄蓝](?:部分)?"
                            r"|(?:[红蓝绿黄紫]色?)?(?:底纹|高亮|突出显示)(?:处|部分)?)"
                            r"(?:为|是|系)(?:我会)?(?:建议)?(?:增加|新增|添加|补充|修改|改动)|直接在原文(?:上|中)(?:作了?|进行)?(?:改|修改|修订)")
# What a thing should do, said of it ("职工书屋要向基层班组延伸", "12351热线应与…联动"): 应/要/需 after the
# subject, not the 应 of 相应, 适应, 供应 nor the 要 of 要求, 重要, 主要.
SHOULD_RE = re.compile(r"[\u4e00-\u9fff0-9]{2,}?(?:(?<![相适供反响对答效感呼顺理])应(?:当|该)?(?![用急聘届邀对是])"
                       r"|(?<![主重必只想将还纲摘概需首])要(?![求点素件是闻害务]))")
# What could be done, said as a possibility: "可与…联合", "可由…牵头", "最好…".
OFFER_RE = re.compile(r"[，,]\s*(?:也|还|则|亦)?(?:可与|可同|可会同|可联合|可由|可按|可以|可考虑|可采取|可采用|最好|不妨)")


# The draft's words, set out ("原文：…", "第十条原文：…"): no comment unless a proposal follows them
# in the line ("…。建议改为…"), which SET_OUT_PROPOSAL_RE finds.
QUOTED_LABEL_RE = re.compile(rf"^\s*(?:第\s*{_N}\s*条\s*(?:的|之)?)?(?:原文|原稿|原表述|原条文|原句|修改前|原内容)\s*[:：]")
SET_OUT_PROPOSAL_RE = re.compile(r"[，。；,;]\s*(?:现|拟|请)?(?:建议|改为|修改为|改成|应改为|删去|删除|增加|补充)")


# A paragraph that draws the conclusion of the one above: "为此建议……", "因此，建议……".
CARRIES_ON_RE = re.compile(r"^\s*(?:为此|因此|所以|故此|故而|鉴于此|鉴于上述情况|对此|基于此|据此|有鉴于此)")
# A proposal that ends where the new wording begins: "第十条修改为：", "建议将本条改写如下："
REWRITE_OPEN_RE = re.compile(r"(?:修改为|改为|调整为|表述为|改写为|修改如下|改写如下|调整如下|表述如下)\s*[:：]\s*$")
# A line right under a cover note that details it ("其中第十五条是把最后一句调到前面"): the
# changes the file carries, told in the mail; the file's changes are the comments.
COVER_DETAIL_RE = re.compile(r"^\s*(?:其中|具体(?:来说|而言|是)|主要是)")
TITLE_END_RE = re.compile(r"(意见|建议|意见稿|汇总表|反馈意见|更正稿|修改稿|(?:意见|建议)(?:反馈|征求|登记)?表)[)）]?$")
# A reply's closing lines and its requests to the department ("以上意见请一并汇总",
# "妥否，请批示", "联系人：…电话：…", "此致 敬礼") propose nothing, even with 建议 or 不妥 in
# them. Each phrase is taken out of the line (a contact line's name too: 王建议 is a name);
# whatever still proposes something is a comment.
# A contact's name (2-4 hanzi, no more after it), phone number or address.
_CONTACT = r"(?:[\u4e00-\u9fff·]{2,4}(?![\u4e00-\u9fff])|[0-9０-９()（）+＋\-－— ]{5,20}|[\w.+-]+@[\w.-]+)"
# "以上…建议" closes only when nothing follows but a closing ("以上两条建议合并为一条" proposes).
_CLOSED = r"(?=[，。；,;！!、\s]|$|请|仅|供|如|若|妥|当|是否|望|恳|敬|特|此|已)"
CLOSING_RE = re.compile(
    r"以上(?:意见|建议)[^，。；,;]{0,20}(?:研究通过|讨论通过|审定|审议通过|同意)|"
    rf"以上[^，。；,;：:]{{0,12}}?(?:意见|建议){_CLOSED}|上述[^，。；,;：:]{{0,8}}?(?:意见|建议){_CLOSED}"
    r"|[^，。；,;：:]{0,10}(?:意见|建议)(?:已)?(?:汇总)?如上"
    r"|(?:敬|恳|烦|望)?请?(?:予以?)?(?:采纳|考虑|参考)(?:我|本)[^，。；,;：:]{0,6}?(?:意见|建议)"
    r"|(?:如有|若有|如还有)(?:其他|其它|补充|新的|不同)?(?:意见|建议)|如有补充"
    r"|(?:如有|若有)(?:不妥|欠妥|不当|不足|错误|疏漏)(?:之处)?|(?:不妥|欠妥|不当|不足|错误|疏漏)之处"
    r"|(?:敬|恳|烦|望)?请(?:予以?|一并|酌|斟酌|审|批|示|指正|批评指正|参考|参阅|考虑|采纳|汇总|收阅|查收|阅|领导)"
    r"|(?:望|盼|恳请|敬请)(?:予以?)?(?:采纳|考虑|参考|批示|指正)|妥否|当否|是否妥当"
    r"|特此(?:函复|复函|回复|报告|说明|函告|反馈|报送)|此致|敬礼|(?:仅)?供参考|为盼|为荷|谢谢|感谢"
    r"|(?:联系人|经办人|填报人|填表人|审核人|审签人|签发人|报送人|负责人|汇总人|整理人|制表人|统计人|填报日期|填报时间|联系电话|联系方式|办公电话|电话|手机|传真|邮箱)"
    # a label, then its value or nothing: not the word in a proposal ("搭建手机客户端", "电话热线")
    r"(?=\s*[:：0-9０-９(（+＋]|\s+\S|\s*$)(?:\s*[:：]\s*" + _CONTACT + ")?"
)
NO_COMMENT_RE = re.compile(
    r"(?m)无(?:[和与及、或]?(?:修改|修正|修订|更改|其他|其它|任何|不同|补充|新的|增删|增减|删改|改动)){0,3}的?(?:意见|建议|异议)|没有(?:修改|修正|修订|更改|其他|其它|任何|不同|补充){0,2}(?:意见|建议|异议)|"
    r"(?:完全)?同意(?:该|此|本)?(?:稿|意见稿|征求意见稿)|暂无(?:修改)?(?:意见|建议)|原则(?:上)?同意|"
    # 没有需要修改的地方, 没什么意见, 各基层工会均未提出修改意见, 无需修改
    r"没有(?:需要|要)?修改的(?:地方|内容|必要)|未(?:能)?形成(?:修改|书面|具体|新的)?(?:意见|建议)|没(?:有)?什么(?:修改)?(?:意见|建议)|(?:均|都)?未(?:提出|发现)(?:需要修改的|修改)?(?:意见|建议|问题)|"
    r"没有(?:要|需要)?改动的地方|照此印发|无(?:需|须)改动|不需要改动|"
    r"^\s*(?:修改|反馈|具体)?(?:意见|建议)\s*[:：]\s*(?:无|没有|暂无)\s*[。.]?\s*$|"  # a form typed in the body: "修改意见：无"
    r"无(?:需|须)修改|不需要修改|不再提出(?:修改|其他)?(?:意见|建议)|有无(?:修改)?(?:意见|建议)\s*[:：]\s*(?:无|没有)|"
    # the same in other words: a "no" a few characters before what there is none of (没有不同看法,
    # 不提修改意见, 挑不出需要改的地方, 既无需补充也无需修改, 不作改动); a comment naming what a clause
    # lacks ("第5条没有对修改程序作出规定，建议…") still proposes once the phrase is taken out
    r"(?:没有|没|并无|均无|已无|再无|别无|无(?=其[他它])|不提|未提|不再另?提|不另提|提不出|挑不出|找不出|看不出|不作(?!为)|不做(?!为)|无需|无须|不需要?|不必|不用)"
    r"[^，。；,.;！!？?\s]{0,6}?(?:意见|建议|看法|异议|修改|改动|改的|要改|可改|补充|更改|增删|增减|删改|删减|改(?=[。，,.！!；;\s]|$))"
    r"(?:[和与及、或]?(?:修改|补充|改动|增删|调整|完善|意见|建议))*(?:的地方|之处|的内容)?|"  # "没有需要修改(和)补充的地方"
    r"无(?:增补|删改|增删|增减|改动|补充|另外补充|其他补充|其它补充)(?![^。，,；;]{0,4}(?:如下|[:：]))|"  # "无增补、无删改", "我会无补充"
    # a reply that is one word: "同意。", "无", "赞同"
    r"^\s*(?:同意|赞同|赞成|认可|无|没有|无意见)\s*[。.！!]?\s*$"
)


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def enum_style(line: str) -> str:
    """The kind of list marker a line starts with: cn (一、), num (1.), paren, circled, or ""."""
    match = ENUM_RE.match(line)
    if not match:
        return ""
    enum = match.group("enum")
    if enum[0] in "(（【":
        return "paren"
    if enum[0] in CIRCLED:
        return "circled"
    return "cn" if enum[0] in "一二三四五六七八九十" else "num"


def strip_enum(line: str) -> str:
    return ENUM_RE.sub("", line, count=1).strip()


# "提出了不少好的建议", "很多宝贵建议": suggestions reported, counted or praised, none made.
NOUN_SUGGESTION_RE = re.compile(r"意见[和与及、]?建议|合理化建议|建议办理|(?:修改)?(?:意见|建议)(?:汇总表|反馈表|征求表|一览表|登记表|表(?![述达扬彰率态]))"
                                r"|(?:不少|很多|许多|大量|一些|若干|多条|好的|宝贵的?|有益的?|中肯的?)(?:好的|宝贵的?|具体的?|中肯的?|有益的?)?(?:修改|补充|完善)?建议"
                                r"|提出了(?:意见和)?建议(?=[。；;，,]|$)")  # "……对考核评价提出了建议。": reported
# Words that find fault without asking for anything: in a long paragraph naming no clause or
# wording ("但小微企业建会后工作不够规范……"), a report of the situation, not a proposal.
WEAK_RE = re.compile(r"不够|缺少|过于|重复|不一致|不统一|不规范|不准确|有误|不妥|欠妥|提法")


# A footnote explaining a term: "①“三育人”指……", "注：“小三级”是指……".
DEFINITION_RE = re.compile(r"^\s*(?:[①-⑳*＊]|注\s*[0-9①-⑳]?\s*[:：])?\s*[“\"][^，。“”\"]{1,12}[”\"]\s*(?:是)?指(?!出)")
# The whole text as the place: "全文多处“职工”的表述，能否在第一次出现时注明……".
WHOLE_LEAD_RE = re.compile(r"^\s*(?:全文|通篇|全篇|文中多处|稿中多处|本稿|整个文稿|文稿中)")
# "“工会主抓” → “工会积极参与”": the old words, an arrow, the new ones.
ARROW_RE = re.compile(r"[”\"』」]\s*(?:→|->|=>|⇒|➔|➜|——>|－>|—>)\s*[“\"『「]")


def proposes(text: str) -> bool:
    """It asks for a change: a proposal word, or (on a short line) a wording fix."""
    text = NOUN_SUGGESTION_RE.sub("", text)  # "…的意见建议": what the sheet is called, not a proposal
    asks = [m.group(0) for m in SUGGEST_RE.finditer(text)]
    if asks and len(text) > FIX_LINE_LIMIT and all(WEAK_RE.fullmatch(a) for a in asks) and not CLAUSE_MENTION_RE.search(text):
        return False
    if asks or (len(text) <= FIX_LINE_LIMIT and FIX_RE.search(text)) or REWRITE_RE.match(text) or ARROW_RE.search(text):
        return True
    placed = (CLAUSE_LEAD_RE.match(text) or CLAUSE_TAIL_RE.search(text) or BARE_LEAD_RE.match(text) or WHOLE_LEAD_RE.match(text)
              or PLACE_LEAD_RE.match(strip_enum(text)))
    if placed and (MODAL_RE.search(text) or _PLACED_ACTION_RE.search(text)) or ASKS_OF_WORDS_RE.search(text):
        return True
    if ASKS_AT_A_PLACE_RE.search(text) and CLAUSE_MENTION_RE.search(text):
        return True
    return bool(WISH_LEAD_RE.match(text) and re.search(r"[，。；,;]", text)) or bool(WISH_TO_WRITE_RE.search(text)) \
        or _labelled_statement(text) or _wishes_for_the_work(text)


# "……，希望工会组织食用菌栽培技术的订单式培训。": a wish for what the work should do is a proposal;
# one about the comments or the round ("希望以上意见能被采纳", "希望文件早日出台") is not.
_WISH_RE = re.compile(r"(?:^|[，,。；;：:])\s*(?:[^，,。；;：:]{0,16}?)(?:希望|期望|期盼|盼望)(?P<what>[^。；;！!]{6,60})")
_WISH_NOT_RE = re.compile(r"采纳|参考|参阅|斟酌|考虑|指正|批评|征求|意见|建议|反馈|回复|答复|收到|审阅|阅示|批示|关心|指导|帮助我们|支持我们"
                          r"|出台|印发|发布|下发|定稿|通过|圆满|顺利|成功|越来越好|更好地发挥|再创|辉煌|今后的?工作中|给予[^。]{0,6}(?:支持|指导|帮助)")


def _wishes_for_the_work(text: str) -> bool:
    wish = _WISH_RE.search(text)
    return wish is not None and not _WISH_NOT_RE.search(wish["what"])


# What to do to the text, said after the place it names ("第十四条请考虑加上“…”"): a proposal there.
_PLACED_ACTION_RE = re.compile(r"加上|写上|加进|写进|补进|补上|增设|增写|去掉|拿掉")


# Other ways a line opens on its place: a clause's heading quoted ("“加强工会干部队伍建设”一条中，…"),
# a page and line ("第8页倒数第4行“…”，…"), a numbered opinion's label ("意见一：…").
PLACE_LEAD_RE = re.compile(r"[“\"][^”\"]{2,30}[”\"]\s*(?:这一条|一条|这条|条|这一款|一款|部分|一节|这段|一段|一句)(?:中|里|内)?\s*[，,：:]"
                           r"|^(?:关于|对于|针对)\s*[“\"][^”\"]{2,30}[”\"]\s*[:：]"  # "关于“加强职工队伍建设”：…应…"
                           r"|第\s*[0-9０-９]{1,3}\s*页\s*(?:第|倒数第)\s*[0-9０-９]{1,3}\s*行"
                           r"|(?:意见|建议)\s*[一二三四五六七八九十0-9]{1,3}\s*[：:]")


# A request made of the draft's words: "请将“工会干部维权保障机制”具体化", "请把“原则上”去掉".
ASKS_OF_WORDS_RE = re.compile(r"(?:^|[，。；,;])\s*[^\w“”\"]?\s*请(?:将|把)\s*[“\"「『][^”\"」』]{2,40}[”\"」』]")
# ... or of the marks and words at a place the line quotes or names: "“完善……”这句后面，顿号、逗号
# 使用混乱，请统一校对" (not "如有不妥，请修改": said of the unit's own comments).
ASKS_AT_A_PLACE_RE = re.compile(r"[，,]\s*请(?:予以|加以|予|再|一并)?(?:统一|校对|校核|规范|修改|更正|改正|订正|补上|删去|斟酌修改)")


def _labelled_statement(text: str) -> bool:
    """"第三部分第5条：出租车驾驶员超时劳动纳入联动执法检查。": a clause as the label of what is
    said of it, a sentence of its own after the colon (not a quotation alone, not a heading)."""
    label = CLAUSE_LEAD_RE.match(text)
    if label is None:
        return False
    rest = re.match(r"\s*[:：]\s*(.+)$", text[label.end():])
    if rest is None:
        return False
    said = re.sub(r"[“\"「『][^”\"」』]*[”\"」』]", "", rest.group(1))
    return len(re.findall(r"[\u4e00-\u9fff]", said)) >= 8 and bool(re.search(r"[。；;]\s*$", said))


# A wish opening on the clause it is for: "希望第十七条对小微企业建立联合工会作出规定", "能否在第9条中…".
WISH_LEAD_RE = re.compile(rf"^\s*(?:[一二三四五六七八九十]是)?(?:希望|期望|盼望|恳请|请|可否|能否)(?:在|将|把|对|于)?\s*第\s*{_N}\s*条")


# "……补助标准，希望在维护劳动经济权益那一条里写上": a wish to see words put into the text.
WISH_TO_WRITE_RE = re.compile(r"(?:希望|期望|盼望|恳请|请求)[^。；;]{0,40}?(?:写上|写进|写入|加上|加进|补上|列上|列入|纳入|增写)")


# "……不能一挂了之。【第4条】", "……（第十二条）", "…… ——第9条": the clause written after the comment.
_N_SHORT = r"(?:[0-9０-９]{1,3}|[一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾]{1,4})"  # a clause's number, not a phone's
CLAUSE_TAIL_RE = re.compile(rf"(?:[(（【〔\[]\s*第?\s*{_N_SHORT}\s*条?\s*[)）】〕\]]|[—-]{{1,2}}\s*第\s*{_N_SHORT}\s*条)\s*[。.；;]?\s*$")
# "13 心理咨询可以搞个网上预约": a chat-like line opening on a clause's bare number and a space.
BARE_LEAD_RE = re.compile(r"^\s*(?:[1-9]|1[0-9])\s+(?=[\u4e00-\u9fff])")


# A reply's own headings grouping its comments by kind ("二、内容补充", "三、结构调整"), not the draft's.
LABEL_ONLY_RE = re.compile(r"\s*(?:修改|补充)?(?:建议|意见)\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*[:：.．、]?\s*")
# "（市总工会主席审阅时补充）": who added the proposal below, a caption in brackets.
ADDED_BY_RE = re.compile(r"\s*[（(【]\s*[^（）()【】，。；,;“”]{0,24}?(?:补充|增补|加注|添加|提出|所提|所加)(?:的|意见|内容|建议)?\s*[）)】]\s*")
# "我会修改意见详见附件表格（…）": the comments, named as a whole, pointed to in the attachment;
# what follows (quoted column names, how to fill them) only explains it.
POINTER_RE = re.compile(r"^[^“”\"，,。；;]{0,24}(?:意见|建议)(?:均|都|已)?(?:详)?见(?:附件|附表|所附)")
CATEGORY_HEADING_RE = re.compile(r"(?:文字|内容|结构|表述|文字表述|体例|其他|其它)(?:修改|补充|调整|完善|规范|方面|问题|意见|建议)[:：]?"
                                 # "一、错别字、漏字", "二、标点符号": a list of corrections' own subheads
                                 r"|(?:错别字|别字|错字|漏字|多字|标点符号?|文字和标点|语病|用词)(?:[、和及与](?:错别字|别字|错字|漏字|多字|标点符号?|语病|用词))*(?:问题|方面)?[:：]?"
                                 # "建议增加的内容", "二、建议删除的表述：": the comments grouped by what they do
                                 r"|(?:建议|拟)?(?:增加|补充|增写|修改|调整|删除|删去|合并)(?:的)?(?:内容|表述|文字|条款|部分|语句|提法)[:：]?")


# A mail system's or signature's notice ("保密声明：本邮件及其附件可能包含……"), not the unit's words.
DISCLAIMER_RE = re.compile(r"^\s*(?:保密声明|免责声明|法律声明|邮件声明|声明)\s*[:：]|^\s*(?:本|此|该)(?:邮件|电子邮件)(?:及其?附件)?(?:可能)?(?:包含|含有|仅)"
                           r"|^\s*(?:confidential|disclaimer|this e-?mail)", re.I)


# "无修改意见，建议尽快印发实施": a wish to see the draft issued as it stands, not a change to it.
URGE_ISSUE_RE = re.compile(r"(?:建议|希望|请)(?:尽快|早日|及早|尽早|抓紧|按程序)(?:审议|定稿|修改完善后|完善后)?(?:印发|下发|出台|发布|实施|施行|颁布)"
                           r"(?:实施|执行|施行)?(?=\s*(?:[。.！!；;，,]|$))")


def says_only_none(text: str) -> bool:
    """It says there is nothing to change, and nothing else ("本部分无修改意见。")."""
    return bool(NO_COMMENT_RE.search(text)) and not proposes(URGE_ISSUE_RE.sub("", NO_COMMENT_RE.sub("", text)))


def is_comment(line: str) -> bool:
    """It proposes something, and is not a title, lead-in, cover note or closing line."""
    body = strip_enum(line)
    if not proposes(body) or LEAD_IN_RE.search(body) or CATEGORY_HEADING_RE.fullmatch(body) or DISCLAIMER_RE.search(body):
        return False
    if LABEL_ONLY_RE.fullmatch(body) or ADDED_BY_RE.fullmatch(body):
        return False  # "建议1" over a text box's proposal: its label
    pointer = POINTER_RE.match(body)
    if pointer and not proposes(re.sub(r"[（(][^）)]*[）)]", "", body[pointer.end():])):
        return False  # "建设工会修改建议见附件表格（“部分”“条”两列按…填写）": where the comments are, and how to read them
    cover = COVER_RE.search(body)
    if cover and "“" not in body and not CLAUSE_LEAD_RE.match(body) and not REWRITE_RE.match(body) \
            and not _WRITE_IN_RE.search(body, 0, cover.start()):
        return False  # "意见见附件", "现将意见报送你部"; but "第十条…由本人直接报送", "修改为：…报上级工会备案" are about the text
    if is_question(body) or FORM_NOTE_RE.search(body) or FORM_CHANGED_RE.search(body) or is_choice_line(body):
        return False
    if LAYOUT_NOTE_RE.match(body) or WHERE_IT_STANDS_RE.match(body):
        return False  # "说明：左栏为原文，右栏为我会建议的修改稿": how the table below is laid out
    if IF_ANY_RE.search(body) and not CLAUSE_MENTION_RE.search(body):
        return False  # "如有意见，请在5日内与营业部联系": said to the reader, in case
    if DISCUSSION_REPORT_RE.match(body) and not CLAUSE_MENTION_RE.search(body):
        return False  # "讨论中，大家…认为…，有的同志还建议…": how the draft was discussed, told
    if says_only_none(body):
        return False  # "同意该稿，无其他修改建议": says there is nothing to change
    if DEFINITION_RE.match(line) and not re.search(r"建议|应当|应该|改为|改成|增加|补充|删", line):
        return False  # "①“三育人”指教书育人、管理育人、服务育人": a footnote saying what a word means
    if ATTACHMENT_LINE_RE.match(body):
        return False  # "附件：和龙市总工会修改建议.xls": the file's name, its comments are read from it
    if APP_MENU_RE.fullmatch(body):
        return False  # "分享 编辑 收藏 删除": a phone's gallery menu in a screenshot of the photo
    if OFF_THE_TEXT_RE.search(body):
        return False  # "另外提个小建议，和文件内容无关：今后征求意见能否…": about the round, said so
    if QUOTED_LABEL_RE.match(body) and not SET_OUT_PROPOSAL_RE.search(body):
        return False  # "第十条原文：…": the draft's words, a note on them elsewhere
    return not is_title(body) and not is_closing(body)


# "建议写明……未经职代会表决不得上报": the cover word is in what is to be written, not about the mail.
_WRITE_IN_RE = re.compile(r"建议(?:在[^，。；]{1,12}中)?(?:写明|明确|规定|增加|补充|写入|写进|加上|增写)")


# A line naming the attachment: "附件：和龙市总工会修改建议.xls", "附件1：修改意见表".
ATTACHMENT_LINE_RE = re.compile(r"^\s*附\s*件\s*[0-9０-９一二三]?\s*[:：]\s*[^，,。；;]*$")


# A phone app's menu under a screenshot: nothing but its buttons' words.
APP_MENU_RE = re.compile(r"\s*(?:(?:分享|编辑|收藏|删除|更多|详情|发送|保存|转发|复制|返回|美化|完成|取消|设为壁纸|打印|上传|下载)\s*){2,}")


# A remark its writer says is not about the draft's text: "和文件内容无关", "题外话".
OFF_THE_TEXT_RE = re.compile(r"(?:和|与|跟)(?:本?文件|本稿|文稿|意见稿|征求意见稿|正文|本文)(?:的)?(?:内容|本身)?(?:无关|没有关系|没关系)|题外话")


# A form's own instructions: "（请在下表中逐条填写修改意见，行数不够可自行增加）", "注：请按条款顺序填报",
# "请各单位于9月25日前填写本表": said to the units, not by them.
_FILLING = r"(?:填写|填报|填入|填列|行数不够|自行增加|自行添加|可另附页|可加页|可续页|可(?:自行)?(?:加|增加|添加|增|续)行|(?:逐条|分条|逐项)?列出)"
FORM_NOTE_RE = re.compile(
    rf"^\s*[（(][^（）()]{{0,60}}{_FILLING}[^（）()]{{0,60}}[）)]\s*$"
    rf"|^\s*(?:注|说明|填表说明|填写说明|填报说明)\s*[:：][^。]{{0,40}}{_FILLING}"
    rf"|^\s*请(?:在|按|于|将|逐条|各单位|各地)[^。]{{0,30}}{_FILLING}"
    # the notice's own instructions, on a scan of the notice sent back with its 回执
    r"|^\s*(?:[一二三四五六七八九十]、)?(?:修改)?意见请(?:写明|注明|按照?|于|以|通过)|(?:没有|无)(?:修改)?意见的单位(?:也)?请"
)
# A note only agreeing ("同意此条。", "同意，请一并报送。"): a colleague's nod to the text or to the note beside it, no comment.
AGREEMENT_RE = re.compile(r"^\s*(?:(?:回复|答复)\s*[^：:\s]{1,8}\s*[：:]\s*)?(?:同意|赞同|附议|同上|好的?|可以)(?:此条|本条|该条|此意见|上述意见|[^。，,；;\s]{1,8}的(?:意见|修改|建议|看法)|[^。，,；;\s的]{1,6}?(?:同志|主任|主席|部长|科长|老师)的?(?:意见|看法)|[\u4e00-\u9fff]{2,3}的?意见)?\s*[。.!！，,；;]?\s*(?:(?:此条|该条|本条|这条|此处)?(?:请|一并)(?!建议|提出|增加)[^。]{0,12}[。.]?|已(?:与|和|同|向|经)?[^。，,]{0,12}(?:沟通|确认|核对|核实|商定|协商|修改|调整|改正)(?:过|了)?[。.]?)?\s*$")
# A margin note that only praises the words it sits on ("这里列举的项目较全。", "此处表述很到位"): no change asked.
PRAISE_RE = re.compile(r"^\s*[^，。；,;！!？?]{0,14}?(?:较全|很全|齐全|全面|很好|较好|写得好|写得很好|恰当|准确|到位|合适|贴切|精炼|简洁|精准)"
                       r"[了的]?\s*[。.!！]?\s*$")


def praises_only(text: str) -> bool:
    return bool(PRAISE_RE.match(text)) and not re.search(r"[不欠缺未没改删增补换加]|建议|应|要|需|请|更|如能|若能|可以|可否|用“", text)


# A paragraph telling how the draft was discussed: what others said there is reported, not proposed.
DISCUSSION_REPORT_RE = re.compile(r"^\s*(?:在)?(?:讨论|座谈|学习讨论|集中讨论|征求意见)(?:中|时|过程中|会上)\s*[，,]")
# What the unit did to the department's form, told in the mail: "我们在表后加了一列“提出单位”".
FORM_CHANGED_RE = re.compile(r"在(?:表|表格|反馈表|意见表|征求意见表)[^。，；]{0,4}(?:加了|增加了|添加了|新增了|补了|删了|去掉了)"
                             r"|(?:表中|表里|表格中|表内)[^。]{0,24}(?:是|为|系)(?:我们|我会|我单位|本单位)[^。]{0,12}(?:加的|增加的|添加的|加上的)")
QUESTION_RE = re.compile(r"多少|哪些|什么|何时|几时|几家|有没有|怎么|如何|能否|可否|是否已|吗[?？]")
CLAUSE_MENTION_RE = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]+\s*[条款部分]|[“\"]")


def is_question(line: str) -> bool:
    """A question asked of the department ("目前收到多少条意见建议？"), not a proposal: it ends
    with a question mark, asks, and names no clause or wording of the draft."""
    return bool(re.search(r"[?？]\s*$", line) and QUESTION_RE.search(line) and not CLAUSE_MENTION_RE.search(line))


def is_closing(line: str) -> bool:
    """A closing line or a request to the department: "以上建议请予采纳", "妥否，请批示",
    "联系人：张三，电话：0433-1234567". One that still proposes something once its closing
    phrases are taken out ("建议将第三条中“一律”删去，请酌") is a comment."""
    if not CLOSING_RE.search(line):
        return False
    return not proposes(CLOSING_RE.sub("", line))


def is_title(line: str) -> bool:
    """"关于…的修改意见": no sentence in it, ending with what the paper is. A line written with
    spaces for punctuation ("第十六条 …听取工会意见 建议写成…") proposes, whatever it ends with."""
    asks = re.search(r"建议[\u4e00-\u9fff]", NOUN_SUGGESTION_RE.sub("", line))
    return not re.search(r"[，。；,;]", line) and bool(TITLE_END_RE.search(line)) and len(line) < 80 and not asks


# "关于第2条：", "关于第四部分：", "对全文：": a place named as the heading of what follows.
PLACE_HEADING_RE = re.compile(r"^(?:关于|对|针对)?[^，。；,;]{0,16}[:：]$"
                              # an item's label naming its clause in brackets, the proposal below: "意见二（第12条）"
                              # a topic on its own line over its items: "关于劳模工作"
                              r"|^(?:关于|对于|针对)[^，,。；;：:“”\"]{2,12}$"
                              rf"|^(?:意见|建议|问题|修改意见)\s*[一二三四五六七八九十0-9]{{1,3}}\s*[（(【\[]\s*(?:针对|关于|涉及)?\s*第\s*{_N}\s*(?:条|部分)\s*[)）】\]]$")


def _is_heading(line: str) -> bool:
    """A line that groups what follows: a lead-in with a colon, a short item with no proposal,
    a place named with a colon ("关于第2条："), or a line that opens on a clause and proposes
    nothing itself ("一、第9条讲民主管理，……"): what follows is about that clause."""
    body = strip_enum(line)
    if LEAD_IN_RE.search(body) or PLACE_HEADING_RE.match(body):
        return True
    if CLAUSE_LEAD_RE.match(body) or WHOLE_HEADING_RE.fullmatch(body):
        return True
    if PART_HEADING_RE.match(body) and len(body) <= 40 and not SUGGEST_RE.search(body):
        return True  # "第二部分 发挥工人阶级主力军作用": the items below are that part's
    return bool(enum_style(line)) and len(body) <= 30 and not SUGGEST_RE.search(body)


PART_HEADING_RE = re.compile(r"^\s*(?:关于|对|针对)?\s*第\s*[一二三四五六七八九十0-9]{1,2}\s*(?:部分|章)")


# "关于全文", "总体意见：", "其他": a heading over comments on the whole text (it ends the clause above's)
WHOLE_HEADING_RE = re.compile(r"(?:关于|对)?(?:全文|通篇|总体|整体|标题|文件标题|前言|其他|其它)(?:意见|方面|问题|部分)?\s*[:：。]?")


def text_blocks(lines: list[str], origin: str, kind: BlockKind, list_items: set[int] | None = None) -> list[Block]:
    """Comment Blocks from lines of prose, each with the heading it sits under."""
    blocks: list[Block] = []
    context, context_style = "", ""
    last, previous = -1, -2  # the paragraph of the latest comment, and the one just read
    markers: dict[int, tuple[str, int]] = {}  # block index -> its item marker (style, value)
    values: dict[str, list[int]] = {}  # every item marker's value, by style, comments or not
    headings: set[tuple[str, int]] = set()  # which of those values number headings (style, index)
    plain = ""  # the line just read, when it was no comment (a pasted line of the draft, perhaps)
    by_clause = False  # a lead-in said the items follow the draft's clauses ("按条款序号提出意见如下")
    pasted = ""  # a quoted line the sender answered below ("> 11、……"): what the lines under it are about
    cover = False  # the line just read said how the attachment marks the comments ("已用修订方式标出")
    labelled_place = False  # the line just read was a place's label alone ("意见1 涉及条款："), its value below
    titled = False  # a title announced the comments ("…对征求意见稿的几点意见"): its numbered items are they
    opinion_next = False  # the line just read was an opinion's label alone ("意见内容："), under a place named above
    for number, line in ((n, part) for n, raw in enumerate(lines, start=1) for part in inline_items(raw.strip())):
        if not line:
            continue
        if blocks and last == previous and _goes_on(blocks[-1].text, line):
            blocks[-1] = dataclasses.replace(blocks[-1], text=blocks[-1].text + line)
            last = previous = number
            continue
        if line.startswith(">"):
            pasted, previous, plain = strip_enum(line.lstrip("> ")), number, ""
            continue
        if labelled_place and _PLACE_VALUE_RE.match(line) and not proposes(line):  # "涉及条款：" / "第10条"
            context, context_style, labelled_place, previous = line.strip(), "", False, number
            continue
        labelled_place = bool(PLACE_LABEL_ALONE_RE.match(strip_enum(line)))
        if labelled_place:
            context, context_style = "", ""  # a new item's place label: the last item's place is done
        if opinion_next and not says_only_none(line) and not is_closing(line) and not PLACE_LABEL_ALONE_RE.match(strip_enum(line)):
            # "意见内容：" alone, its words below (a form's label and its content control): the opinion
            blocks.append(Block(kind=kind, text=line.strip(), origin=f"{origin}第{number}段", context=context))
            last = previous = number
            opinion_next = False
            continue
        opinion_next = False
        style = enum_style(line) or ("auto" if list_items and number - 1 in list_items else "")
        value = enum_value(line) if style in ("num", "paren") else None
        if not style and (point := POINT_RE.match(line)):  # "第16点：……"
            style, value = "point", to_int(point["n"])
        if not style and (run := _NUMBER_RUN.match(line)) and values.get("num", [0])[-1] + 1 == int(run[1]):
            style, value = "num", int(run[1])  # "2.12351热线……" after item 1: item 2, not the decimal 2.12351
            line = f"{run[1]}. {line[run.end():]}"
        # said by a lead-in, not inside an item: "4．全文条目序号建议改为……" is a comment on the draft's numbers
        by_clause = by_clause or (bool(BY_CLAUSE_RE.search(line)) and not style and (bool(LEAD_IN_RE.search(line)) or not is_comment(line)))
        if value is not None:
            values.setdefault(style, []).append(value)
        if context and context_style and style == context_style:  # a plain heading ("关于第2条：") lasts to the next
            context, context_style = "", ""
        reason = REASON_LINE_RE.match(line)
        labelled = LABELLED_RE.match(strip_enum(line))
        if labelled:  # "条目：第3条；意见：……；理由：……" on one line
            blocks.append(Block(kind=kind, text=labelled["text"].strip(), origin=f"{origin}第{number}段", context=context,
                                ref=labelled["ref"].strip(), reason=(labelled["reason"] or "").strip()))
            last = number
        elif PLACE_LABEL_RE.match(strip_enum(line)):  # "（1）条目：第十二条", its 意见： and 理由： lines below
            context, context_style = PLACE_LABEL_RE.sub("", strip_enum(line)).strip(), style
        elif OPINION_LABEL_RE.match(line) and not says_only_none(OPINION_LABEL_RE.sub("", line)):  # "修改意见：无": none
            blocks.append(Block(kind=kind, text=OPINION_LABEL_RE.sub("", line).strip(), origin=f"{origin}第{number}段",
                                context=context))
            last = number
        elif reason and blocks and last == previous:
            blocks[-1] = dataclasses.replace(blocks[-1], reason="；".join(filter(None, [blocks[-1].reason, line[reason.end():].strip()])))
        elif cover and COVER_DETAIL_RE.match(line):
            pass  # "其中第十五条是把最后一句调到前面": what the marked file holds, told again
        elif is_comment(line) or _announced(line, context, titled) or _next_in_a_list_of_comments(line, style, value, markers, blocks):
            ref, text = section_item(line)
            # "改：……" under a line pasted from the draft (a blank line between, as HTML's paragraphs
            # come): that line is what it rewrites
            quote = _set_out(plain) if REWRITE_RE.match(text) and plain else pasted
            blocks.append(Block(kind=kind, text=text, origin=f"{origin}第{number}段", context=context, ref=ref, quote=quote))
            last = number
            if value is not None:
                markers[len(blocks) - 1] = (style, value)
        elif (rest := _after_cover(line)) and is_comment(rest):  # "意见附后。另外一条总体意见在这里补充：……建议……"
            blocks.append(Block(kind=kind, text=rest, origin=f"{origin}第{number}段", context=context))
            last = number
        elif OPINION_LABEL_ALONE_RE.match(strip_enum(line)):
            # "修改意见：" over the proposal: its label, under the place named above (a place filled in)
            opinion_next = bool(context) and not PLACE_LABEL_ALONE_RE.match(strip_enum(context))
        elif _is_heading(line) or (MARKED_EDIT_RE.search(line) and line.rstrip().endswith(("：", ":"))):
            context, context_style = strip_enum(line), style  # a heading, or the key to changes marked below
            if value is not None:
                headings.add((style, len(values[style]) - 1))
        titled = titled or (last != number and is_title(line) and bool(ANNOUNCING_TITLE_RE.search(line)))
        plain = line if last != number else ""
        cover = last != number and (bool(COVER_RE.search(line)) or (cover and bool(COVER_DETAIL_RE.match(line))))
        previous = number
    return _markers_as_clauses(blocks, markers, values, by_clause, headings)


def _set_out(line: str) -> str:
    """The draft's words a line sets out: its number and 原文： label off, and the marks around them
    when they are the whole of it ("1.原文：“……”"; "第2页第10行：“……”" keeps its place and marks)."""
    words = QUOTED_LABEL_RE.sub("", strip_enum(line)).strip()
    whole = re.fullmatch(r"[“\"「](?P<inner>[^“”\"「」]+)[”\"」]", words)
    return whole["inner"] if whole else words


_NUMBER_RUN = re.compile(r"^\s*([0-9]{1,2})[.．](?=[0-9])")
# "第16点：……" opening a line: the draft's 16th point, unless the reply counts its own from 第1点.
POINT_RE = re.compile(r"^\s*第\s*(?P<n>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*点\s*[:：、，,.．]")


def enum_value(line: str) -> int | None:
    """The number of a line's item marker ("(8)" -> 8, "12." -> 12, "（十二）" -> 12, "②" -> 2)."""
    match = ENUM_RE.match(line)
    if match and match.group("enum")[0] in CIRCLED:
        return CIRCLED.index(match.group("enum")[0]) + 1
    digits = re.sub(r"[^0-9０-９一二三四五六七八九十]", "", match.group("enum")) if match else ""
    return to_int(digits) if digits else None


def _counts_up(seen: list[int]) -> bool:
    return all(b in (a + 1, 1) for a, b in zip(seen, seen[1:]))  # a list may start again at 1 under each heading


def _markers_as_clauses(blocks: list[Block], markers: dict[int, tuple[str, int]], values: dict[str, list[int]],
                        by_clause: bool, headings: Collection[tuple[str, int]] = ()) -> list[Block]:
    """Items numbered by the clauses they are about ("(3) …", "（十二）…", "(13) …"): the lead-in
    says so (按条款序号), or the numbers jump as no list's do (3, 12, 13). A list that counts up
    one by one, from wherever (a list going on from the page before) and again from 1 under each
    heading, keeps its numbers as a list's."""
    out = list(blocks)
    named_elsewhere = {style for index, (style, value) in markers.items()
                       if (named := _clauses_named(blocks[index].text)) and value not in named}
    for index, (style, value) in markers.items():
        seen = values[style]
        # headings numbered in a list of their own, between the items (1. 关于第四部分 / 1. … 2. … / 2. 关于第二部分 / 3. …)
        items = [v for i, v in enumerate(seen) if (style, i) not in headings]
        counts_up = _counts_up(seen) or _counts_up(items)
        if style in named_elsewhere:  # "4．第12条、第13条：…": an item naming other clauses than its number
            counts_up = True
        if style == "point":  # 第1点、第2点 are the reply's own points; 第15点、第16点 the draft's
            counts_up = counts_up and seen[0] == 1
        leading = _LEADING_NAMED.match(strip_enum(out[index].text))
        if leading and value not in _clauses_named(leading.group(0)):
            continue  # "1. 第十三条：……" under "按条目顺序": the item names its clause, its number is the list's
        if (by_clause or not counts_up) and not out[index].ref:
            # said so (按条款序号): the clause itself; only inferred from the numbers: a clue to check
            out[index] = dataclasses.replace(out[index], ref=f"第{value}条" if by_clause else f"{ITEM_NUMBER}{value}")
    return out


ITEM_NUMBER = "编号"  # a ref inferred from an item's number, read by parsers.placing.clauses as a weaker reference


_CLAUSE_NAMED = re.compile(rf"第\s*({_N})\s*条")
_LEADING_NAMED = re.compile(rf"^\s*(?:关于|对)?\s*第\s*{_N}\s*条")  # an item opening on its clause


def _clauses_named(text: str) -> set[int]:
    return {n for n in (to_int(m.group(1)) for m in _CLAUSE_NAMED.finditer(text)) if n is not None}


REWRITE_RE = re.compile(r"^\s*(?:改|改为|改成|修改为|建议改为)\s*[:：]")  # "改：……": the rewrite of the line above
BY_CLAUSE_RE = re.compile(r"按(?:意见稿|征求意见稿|原稿)?(?:的)?条(?:款|目)|条(?:款|目)(?:的)?(?:序号|顺序|编号)|对应(?:的)?条款")

# A form typed as text: "条目：第3条；意见：……；理由：……" on one line, or 条目：/意见：/理由： on three.
_PLACE_LABEL = r"(?:(?:涉及|所涉|所在|对应|相关|修改)?(?:条目|条款|条文)|(?:修改)?位置)\s*[:：]"
_OPINION_LABEL = r"(?:意见|修改意见|具体意见|建议|意见内容|建议内容|修改内容|具体内容)\s*[:：]"
LABELLED_RE = re.compile(rf"^{_PLACE_LABEL}\s*(?P<ref>[^；;]{{1,30}})[；;]\s*{_OPINION_LABEL}\s*(?P<text>[^；;]+)"
                         r"(?:[；;]\s*(?:理由|说明|原因)\s*[:：]\s*(?P<reason>.+))?$")
# "条款：第十二条", or after the item's own label: "意见一 涉及条款：第十七条"
PLACE_LABEL_RE = re.compile(rf"^(?:(?:意见|建议|问题)\s*[一二三四五六七八九十0-9]{{1,3}}\s*[、.．]?\s*)?{_PLACE_LABEL}(?=\s*\S{{1,30}}$)")
# ... with its value on the line below (a form's label and its content control, one paragraph each)
PLACE_LABEL_ALONE_RE = re.compile(rf"^(?:(?:意见|建议|问题)\s*[一二三四五六七八九十0-9]{{1,3}}\s*[、.．]?\s*)?{_PLACE_LABEL}\s*$")
_PLACE_VALUE_RE = re.compile(r"^\s*(?:第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*(?:条|部分)|[0-9]{1,2}|全文|总体|本稿整体)\S{0,24}$")
OPINION_LABEL_RE = re.compile(rf"^{_OPINION_LABEL}(?=\s*\S)")
OPINION_LABEL_ALONE_RE = re.compile(rf"^{_OPINION_LABEL}\s*$")

# "理由：……" under a comment: why the comment asks it, not a comment of its own.
REASON_LINE_RE = re.compile(r"^(?:理由|原因|说明|依据)\s*[:：]")

# "一是第12条，建议……；二是第14条，建议……": items listed inside one paragraph.
_INLINE_ITEM = re.compile(r"(?:(?<=[，,：:；;。])|^)\s*(?=[一二三四五六七八九十]是)")


_CLAUSE_ITEM = re.compile(r"(?<=[；;])\s*(?=[【\[〔（(]?\s*第\s*[0-9０-９一二三四五六七八九十]+\s*条)")


def inline_items(line: str) -> list[str]:
    """A paragraph listing its items inline cut before each item: 一是……；二是……, or comments
    separated by "；" each opening on its clause (第2条……；第9条……). Any other line whole.
    Only when two items are there: "这是" or "既是…也是" are prose."""
    if "一是" in line and "二是" in line:
        return [part.strip() for part in _INLINE_ITEM.split(line) if part.strip()]
    parts = [part.strip() for part in _CLAUSE_ITEM.split(line) if part.strip()]
    if len(parts) >= 2 and sum(bool(CLAUSE_LEAD_RE.match(part.lstrip("【[〔（( "))) for part in parts) >= 2:
        return parts
    return [line]


# "三、7建议…", "四、14 关于…": the section's numeral as the item marker, then the clause's number.
SECTION_ITEM_RE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*([0-9０-９]{1,2})(?![0-9０-９.．%])\s*[、.．，,：:]?\s*")


def section_item(line: str) -> tuple[str, str]:
    """The reference a "三、7" item marker carries ("三、7"), and the item's text without it."""
    match = SECTION_ITEM_RE.match(line)
    if not match or re.match(r"\s*[条款项年月日个%]", line[match.end():]):
        return "", strip_enum(line)
    return f"{match.group(1)}、{match.group(2)}", line[match.end():].strip()


def says_no_comment(text: str) -> bool:
    text = CHOICE_LINE_RE.sub(lambda m: ("无意见" if ticked_choice(m.group(0)) == "无" else "") if is_choice_line(m.group(0)) else m.group(0), text)
    return bool(NO_COMMENT_RE.search(RULE_OF_SILENCE_RE.sub("", text)))


# A receipt's choice row: "□有修改意见（附修改意见表）  ☑无意见". The unit ticks one box; a scan's
# OCR reads an empty box as 口 and often drops a ticked one, so an option whose box is missing
# while the other's is empty is the one ticked. The row is never a comment itself.
EMPTY_BOXES = "口□☐○◯〇"
TICKED_BOXES = "■☑☒✓✔√✅▣●"
_OPTION = rf"[{EMPTY_BOXES}{TICKED_BOXES}]?\s*(?:有|无|没有)(?:修改|任何)?(?:意见|建议)(?:[（(][^（）()]{{0,15}}[）)])?"
OPTION_RE = re.compile(rf"(?P<mark>[{EMPTY_BOXES}{TICKED_BOXES}]?)\s*(?P<choice>有|无|没有)(?:修改|任何)?(?:意见|建议)(?:[（(][^（）()]{{0,15}}[）)])?")
CHOICE_LINE_RE = re.compile(rf"(?m)^[^\S\n]*{_OPTION}[^\S\n]*[,，;；/、]?[^\S\n]*{_OPTION}[^\S\n]*$")


def _options(text: str) -> list[tuple[str, str]]:
    """A choice line's options: (the box before it, "有" or "无")."""
    return [(o["mark"], "无" if o["choice"] == "没有" else o["choice"]) for o in OPTION_RE.finditer(text)]


def is_choice_line(text: str) -> bool:
    """The line offers both choices (有意见 / 无意见), a box before at least one."""
    options = _options(text)
    return bool(CHOICE_LINE_RE.fullmatch(text.strip())) and {c for _, c in options} == {"有", "无"} \
        and any(mark for mark, _ in options)


def ticked_choice(text: str) -> str:
    """Which option of a choice line is ticked: "有", "无", or "" when it cannot be told (both
    boxes empty, both ticked, no box at all): that is for a person to look at."""
    options = _options(text)
    if len(options) != 2 or {choice for _, choice in options} != {"有", "无"}:
        return ""
    ticked = [choice for mark, choice in options if mark and mark in TICKED_BOXES]
    if len(ticked) == 1:
        return ticked[0]
    marked_empty = [choice for mark, choice in options if mark and mark in EMPTY_BOXES]
    unmarked = [choice for mark, choice in options if not mark]
    if not ticked and len(marked_empty) == 1 and len(unmarked) == 1:
        return unmarked[0]  # the ticked box lost in the scan: the other one is still empty
    return ""


# "逾期视为无意见": a notice's rule for units that stay silent, not a unit saying it has none;
# nor "如果有的单位讨论后没有意见" (a case supposed) or "没有意见也要回复吗？" (a question).
RULE_OF_SILENCE_RE = re.compile(
    r"(?:逾期|过期|到期|未报|不报)?(?:视为|视同|按)(?:无意见|没有意见)(?:处理)?"
    r"|(?:如果|假如|倘若|若是|要是|(?<![例比诸譬假])如(?![下此何今同实期])|若)[^，,。；;！!？?\n]{0,12}?(?:无|没有)[^，,。；;！!？?\n]*"
    r"|[^，,。；;！!？?\n]*[？?]"
    # "无修改意见的单位请在“修改意见”栏填写“无”": the form's instruction to such units
    r"|(?:没有|无)(?:修改|其他)?(?:意见|建议)的[^，,。；;]{0,8}?(?:单位|工会|部门|科室|同志|支部)"
)


# A note (an Excel 批注 on a row, a Word margin comment on a change) that says where a row comes from or where its figures are ("此条由生产部工会提出",
# "此条为安监部提出", "情况见上半年统计表"), not what to change: the row's remark, no comment of its own.
REMARK_NOTE_RE = re.compile(
    r"^(?:此条|本条|该条|此项|本项|该项|此行|本行|此意见|该意见|本意见|以上)?(?:意见|建议|内容)?(?:由|为|系|是)[^，。；]{1,24}(?:提出|提供|反映|汇总|整理)的?[。.]?$"
    r"|^(?:(?:此条|本条|该条|此项|本项|此行|本行|此意见|该意见|以上)(?:意见|建议)?)?(?:已)?经[^，。；]{1,24}(?:讨论|研究|审定|审核|同意|通过)(?:过)?[。.]?$"
    # whose it is: "此条为校党委办公室意见"
    r"|^(?:此条|本条|该条|此项|本项|此行|本行|以上)(?:为|系|是)[^，。；]{2,16}(?:的)?(?:意见|建议)[。.]?$"
    r"|(?:详|参|具体情况|有关情况|情况|数据|明细|材料|依据|出处)见[^，。；]{1,30}[。.]?$|^(?:数据)?(?:来源|出处)[:：]"
    # a word to the unit's own leader: "此条是否写进去请领导定。"
    r"|请(?:领导|主席|主任|部长|书记)(?:[^，。；]{0,4})(?:定|审定|定夺|决定|把关|斟酌|阅示|批示)"
    # where the idea comes from, or what the unit offers: "参照交通运输部的做法", "我公司可提供技术支持"
    r"|^(?:参照|参考|借鉴)[^，。；]{1,20}(?:做法|经验|规定|办法|模式)[。.]?$|(?:可|愿意?|能够?)(?:提供|给予|协助)[^，。；]{0,8}(?:支持|帮助|服务)[。.]?$"
    # a word between the unit's own people: "曹主席：这条是标点问题，要不要报？——小刘"
    r"|要不要(?:报|上报|报送|写|提|改)|报不报|是否(?:上报|报送|要报)|^[—－-]{1,2}[\u4e00-\u9fff]{1,4}$"
    r"|^(?:[\u4e00-\u9fff]{1,4}(?:主席|主任|部长|书记|科长)[:：])?(?:这条|此条|本条|该条)(?:是|属于?)[^，。；]{1,12}问题[?？]?$"
    # a figure or a point checked with someone: "已与信息技术部确认，技术上可以实现。", "已与财务部核对，可行。"
    r"|^(?:已|已经|经)(?:与|和|同|向)[^，。；]{1,12}(?:核对|核实|沟通|确认|商定|协商|了解)(?:过)?$|^(?:技术上|实际上|操作上)?(?:可以实现|可行|可以做到|能够实现)$"
    # the clause number checked on the form: "档案局原表填的是第17条，核对后改为18。"
    r"|(?:原表|原先|原来|之前)(?:填|写)的?(?:是|成|为)|^(?:经)?核(?:对|实)后(?:改为|应为|更正为)\s*第?\s*[0-9一二三四五六七八九十]{1,3}\s*条?[。.]?$"
    # who proposed the row, and nothing else: "营销部建议", "（三车间提出）", "王主席的意见"
    r"|^[（(]?[\u4e00-\u9fff]{1,10}?(?:部|科|室|处|中心|车间|分会|工会|班组|小组|支部|队|站|所|主席|书记|经理|主任|部长|同志)"
    r"(?:的)?(?:建议|提出|提议|所提|提的|意见)[)）]?[。.]?$"
)


def is_remark_note(text: str) -> bool:
    """Every piece of the note is a remark ("此条为校党委办公室意见，已经校工会常委会讨论。");
    one piece asking for a change ("经研究，建议删除") makes it a comment."""
    pieces = [p for p in re.split(r"[，,；;。]", re.sub(r"\s+", "", text)) if p]
    return bool(pieces) and all(REMARK_NOTE_RE.search(p) for p in pieces)
