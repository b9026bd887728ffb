"""Every user-visible text of the WeChat Official Account channel, in one place.

Plain text only (WeChat shows no Markdown). ``{placeholders}`` are filled with
``str.format`` by ``api/wechat/render.py``; keep them when rewording.
"""

from __future__ import annotations

# --- subscribe event -------------------------------------------------------

EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "沭阳县发展和改革局2023年收到多少件政府信息公开申请？",
    "2023年因政府信息公开被申请行政复议的有多少件？",
    "怎样向沭阳县发展和改革局申请政府信息公开？",
)

WELCOME = (
    "您好，欢迎关注！我可以根据各机关发布的《政府信息公开工作年度报告》回答您的问题，"
    "并注明出处。\n"
    "您可以这样问：\n"
    "{examples}\n"
    "直接发送文字或语音即可。"
)
WELCOME_EXAMPLE_LINE = "{n}. {question}"

# --- message types we do not answer ----------------------------------------

UNSUPPORTED_MESSAGE = (
    "抱歉，目前只能回答文字（或语音）提问，暂时无法识别图片、位置、链接、视频等内容。"
    "请直接用文字发送您的问题，例如：{example}"
)
VOICE_NOT_RECOGNISED = "抱歉，没有听清您的语音，请用文字再发送一次您的问题。"
EMPTY_QUESTION = "请用文字发送您想了解的问题，例如：{example}"
QUESTION_TOO_LONG = "您的问题有点长（超过{limit}字），请精简后再发送。"

# --- limits, delays and errors ---------------------------------------------

RATE_LIMITED = "您提问太频繁了，请稍等一分钟再发送。"
SERVICE_ERROR = "抱歉，系统暂时无法回答，请稍后再试，或访问网站查询：{link}"
STILL_WORKING = (
    "这个问题需要多一点时间查找。请稍后回复“继续”查看回答，或打开链接查看完整回答：\n{link}"
)
# Words that fetch an answer that was still being prepared when the last retry
# had to be answered (only when such an answer exists for this user).
CONTINUE_KEYWORDS: tuple[str, ...] = ("继续", "1", "查看", "查看回答")

# --- answer rendering -------------------------------------------------------

SOURCE_LINE = "来源：{source}"  # source = "机关2023年 章节"
SOURCE_YEAR = "{year}年"
MORE_LINK = "完整回答：{link}"
TABLE_LINK = "共{n}份报告，完整表格和出处：{link}"
ELLIPSIS = "……"
