"""The built-in questionnaire templates every bureau starts from (seeded by a data migration).

Each is written in the line format of ``surveys.questions``; the first question counts toward
satisfaction.
"""

from __future__ import annotations

from .enums import Audience

TEMPLATES = (
    (
        "家长满意度问卷",
        Audience.PARENT,
        "尊敬的家长：为了解您对学校办学的意见，请花两分钟填写本问卷。问卷不记名，感谢您的支持！",
        """\
* 量表｜您对孩子所在学校的总体办学满意吗？
量表｜您对任课老师的教育教学满意吗？
量表｜您对学校与家长的沟通满意吗？
单选｜您是否了解学校参加了教共体（集团化办学）？｜了解/听说过/不了解
单选｜与上一学年相比，孩子的学习环境：｜变好了/没有变化/变差了
填空｜您对学校还有什么意见和建议？""",
    ),
    (
        "教师满意度问卷",
        Audience.TEACHER,
        "各位老师：本问卷了解您对教共体工作的评价，不记名，请如实填写。",
        """\
* 量表｜您对本教共体的整体工作满意吗？
量表｜您对教共体组织的联合教研活动满意吗？
量表｜您对教师交流轮岗的安排满意吗？
单选｜本学年您参加教共体活动的次数：｜5 次以上/3–5 次/1–2 次/没有参加
填空｜您对教共体工作有什么意见和建议？""",
    ),
    (
        "学生满意度问卷",
        Audience.STUDENT,
        "同学们好：请根据你的真实感受选择，问卷不写名字。",
        """\
* 单选｜你喜欢现在的学校吗？｜非常喜欢*/喜欢*/一般/不喜欢
量表｜你对老师上课满意吗？
单选｜你参加过和其他学校同学一起的活动吗？｜参加过/没有参加过
填空｜你最想对学校说的一句话""",
    ),
)
