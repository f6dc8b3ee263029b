"""Every text the web UI shows, in Chinese and English.

Keys are dotted by area. ``t(key, lang, **values)`` formats one; a missing key is a
bug that the UI tests catch (``KeyError``), never a silently English label.
"""

from __future__ import annotations

from coach.language import Language

LANG_CHOICES: list[tuple[str, str]] = [("中文", "zh"), ("English", "en")]

# key: (中文, English)
TEXT: dict[str, tuple[str, str]] = {
    # --- page -------------------------------------------------------------------------
    "app.title": (
        "AIPM Coach · AI 产品经理面试教练",
        "AIPM Coach · AI product manager interview coach",
    ),
    "app.tagline": (
        "基于 AI 产品经理文章语料的模拟面试、PRD 评审、产品设计练习与问答。",
        "Mock interviews, PRD reviews, design drills and Q&A grounded in articles on AI "
        "product management.",
    ),
    "app.language": ("界面语言", "Interface language"),
    "app.loading": (
        "页面仍在加载，请稍候再试。",
        "The page is still loading; try again in a moment.",
    ),
    # --- status area --------------------------------------------------------------------
    "status.heading": ("状态", "Status"),
    "status.model": ("对话模型：{model}（{endpoint}）", "Chat model: {model} at {endpoint}"),
    "status.offline": (
        "**离线模式**：还没有连接对话模型。模拟面试、设计练习、PRD 清单评审和带出处的检索都能用，"
        "反馈来自评分细则。",
        "**Offline mode**: no chat model is connected. Interviews, design drills, the PRD "
        "checklist and cited search all work; feedback comes from the rubric.",
    ),
    "status.connect": ("如何连接模型", "How to connect a model"),
    "status.connect_body": (
        "连接后，问答会生成回答，面试和练习会得到模型写的反馈与追问。由运行本应用的人设置：\n\n"
        "1. 设置环境变量 `OPENAI_API_KEY`（使用 DeepSeek、通义千问、Ollama 等兼容服务时，"
        "再设置 `OPENAI_BASE_URL` 和 `COACH_MODEL`）；\n2. 重新启动应用。",
        "With a model, Chat writes answers and interviews and drills get written feedback and "
        "follow-ups. Whoever runs the app sets it up:\n\n1. set `OPENAI_API_KEY` (for "
        "DeepSeek, Qwen, Ollama or another compatible service also `OPENAI_BASE_URL` and "
        "`COACH_MODEL`);\n2. restart the app.",
    ),
    "status.corpus": (
        "语料库：{articles} 篇文章，{chunks} 个片段",
        "Corpus: {articles} articles, {chunks} passages",
    ),
    "status.corpus_empty": (
        "语料库为空：点击“建立索引”导入自带文章，或上传你自己的文章。",
        "The corpus is empty: press “Build the index” to add the bundled articles, or upload "
        "your own.",
    ),
    "status.corpus_down": ("语料库暂不可用：{error}", "The corpus is unavailable: {error}"),
    "status.add": ("添加文章", "Add articles"),
    "status.upload": ("上传文章（.txt .md .html .pdf）", "Upload articles (.txt .md .html .pdf)"),
    "status.upload_hint": (
        "每个文件不超过 {mb} MB；同名文件会被更新，未改动的片段不会重复处理。",
        "Up to {mb} MB per file; a file with the same name is updated and unchanged passages "
        "are skipped.",
    ),
    "status.build": ("建立索引（自带语料）", "Build the index (bundled corpus)"),
    "status.ingesting": ("正在处理 {source}", "Processing {source}"),
    "status.ingest_start": ("正在读取文件…", "Reading the files…"),
    "status.ingest_done": (
        "已导入：读取 {files} 个文件，新增 {added} 个片段，更新 {updated} 个，"
        "删除 {removed} 个，{unchanged} 个未改动。",
        "Imported: {files} files read, {added} passages added, {updated} updated, "
        "{removed} removed, {unchanged} unchanged.",
    ),
    "status.ingest_skipped": ("跳过 {name}：{reason}", "Skipped {name}: {reason}"),
    "status.ingest_nothing": (
        "没有可导入的内容：请上传 .txt、.md、.html 或带文字层的 .pdf 文章。",
        "Nothing could be imported: upload articles as .txt, .md, .html or .pdf files with text.",
    ),
    # --- first screen ---------------------------------------------------------------------
    "tab.home": ("开始", "Start"),
    "home.welcome": (
        "### 从这里开始\n\nAIPM Coach 帮你准备 AI 产品经理面试。两种最有用的练法：",
        "### Start here\n\n"
        "AIPM Coach helps you prepare for AI product manager interviews. The two most useful "
        "ways to practise:",
    ),
    "home.interview": (
        "**模拟面试**：从题库抽题作答，每题得到评分、反馈、提示和参考答案；模拟模式还会追问。",
        "**Interview**: answer questions from the bank and get a score, feedback, hints and a "
        "model answer for each; mock mode also asks follow-ups.",
    ),
    "home.drills": (
        "**设计练习**：按面试官的节奏分九步做一道 AI 产品设计题，每步有反馈，最后得到记分卡。",
        "**Drills**: work through an AI product design case in nine stages, with feedback at "
        "each stage and a scorecard at the end.",
    ),
    "home.go_interview": ("开始模拟面试", "Start an interview"),
    "home.go_drills": ("做一道设计练习", "Try a design drill"),
    "home.more": (
        "另外：**问答** 向文章语料提问并查看出处；**PRD 评审** 按 AI 产品清单检查你的文档；"
        "**学习进度** 汇总你的得分和薄弱环节。",
        "Also: **Chat** asks the article corpus and shows the sources; **PRD review** checks "
        "your document against an AI-product checklist; **Progress** sums up your scores and "
        "weak areas.",
    ),
    # --- error reasons in the UI language ---------------------------------------------------
    "reason.empty": ("{name} 是空文件", "{name} is empty"),
    "reason.unreadable": ("无法读取 {name}", "{name} cannot be read"),
    "reason.zip": (
        "{name} 是压缩包，不是文档（.docx 文件请保留 .docx 扩展名）",
        "{name} is a zip archive, not a document (keep the .docx name on .docx files)",
    ),
    "reason.too_long": (
        "答案太长（{n} 字符，上限 {limit}），请精简后再提交",
        "the answer is too long ({n} characters; the limit is {limit})",
    ),
    "reason.too_large": ("文件太大", "the file is too large"),
    "reason.no_content": ("{name} 的文字太少，无法评审", "{name} has too little text to review"),
    "reason.binary": ("这不是文本文件", "this is not a text file"),
    "reason.no_text_layer": (
        "PDF 没有文字层（扫描件或图片），请先做文字识别",
        "the PDF has no text layer (a scan or images); run text recognition on it first",
    ),
    "reason.service": ("服务暂时没有回应", "the service did not answer in time"),
    "reason.other": (
        "请检查输入后重试",
        "check the input and try again",
    ),
    # --- notices --------------------------------------------------------------------------
    "notice.error": ("出了点问题：{error}", "Something went wrong: {error}"),
    "notice.service": (
        "外部服务没有回应，本次对话已保留，可以稍后重试：{error}",
        "A service did not answer; your session is kept and you can try again: {error}",
    ),
    "notice.bad_input": ("无法使用这个输入：{error}", "This input cannot be used: {error}"),
    # --- tabs -----------------------------------------------------------------------------
    "tab.chat": ("问答", "Chat"),
    "tab.interview": ("模拟面试", "Interview"),
    "tab.prd": ("PRD 评审", "PRD review"),
    "tab.drills": ("设计练习", "Drills"),
    "tab.progress": ("学习进度", "Progress"),
    # --- chat -----------------------------------------------------------------------------
    "chat.intro": (
        "向语料库提问，回答会标注来源；展开每个来源可以看到文件、标题和原文段落。",
        "Ask the corpus; answers cite their sources, and each source expands to show the file, "
        "title and passage.",
    ),
    "chat.chatbot": ("对话", "Conversation"),
    "chat.placeholder": (
        "例如：AI 产品经理如何评估模型效果？",
        "For example: how does an AI product manager evaluate a model?",
    ),
    "chat.question": ("你的问题", "Your question"),
    "chat.send": ("发送", "Send"),
    "chat.new": ("新对话", "New chat"),
    "chat.empty": ("请先输入问题。", "Type a question first."),
    "chat.download": ("下载对话（Markdown）", "Download this chat (Markdown)"),
    # --- interview ------------------------------------------------------------------------
    "iv.intro": (
        "选择题目范围和模式后开始。练习模式：每题后给反馈，可看提示和参考答案；"
        "模拟模式：会追问，反馈留到最后。",
        "Pick the questions and a mode, then start. Practice: feedback after each answer, "
        "with hints and a model answer on request. Mock: follow-up questions, feedback at the end.",
    ),
    "iv.setup": ("面试设置", "Interview set-up"),
    "iv.category": ("题目类别", "Category"),
    "iv.any": ("不限", "Any"),
    "iv.difficulty": ("难度", "Difficulty"),
    "iv.easy": ("简单", "Easy"),
    "iv.medium": ("中等", "Medium"),
    "iv.hard": ("困难", "Hard"),
    "iv.count": ("题目数量", "Number of questions"),
    "iv.mode": ("模式", "Mode"),
    "iv.practice": ("练习", "Practice"),
    "iv.mock": ("模拟面试", "Mock"),
    "iv.persona": ("面试官风格", "Interviewer"),
    "iv.friendly": ("友好", "Friendly"),
    "iv.strict": ("严格", "Strict"),
    "iv.qlang": ("题目语言", "Question language"),
    "iv.start": ("开始面试", "Start the interview"),
    "iv.progress": ("第 {number}/{total} 题", "Question {number} of {total}"),
    "iv.followup": ("追问", "Follow-up"),
    "iv.timer": ("本题用时", "Time on this question"),
    "iv.answer": ("你的回答", "Your answer"),
    "iv.answer_ph": (
        "像在面试中一样作答：先给结论，再讲理由、数据和指标。",
        "Answer as you would in the interview: conclusion first, then reasons, data and metrics.",
    ),
    "iv.submit": ("提交回答", "Submit answer"),
    "iv.hint": ("提示", "Hint"),
    "iv.model_answer": ("参考答案", "Model answer"),
    "iv.end": ("结束面试", "End the interview"),
    "iv.empty": ("请先写下你的回答。", "Write an answer first."),
    "iv.none": ("还没有进行中的面试。", "No interview in progress."),
    "iv.feedback": ("上一题反馈", "Feedback on your last answer"),
    "iv.held": ("（模拟模式：反馈在结束后给出）", "(Mock mode: feedback comes at the end)"),
    "iv.feedback_on": ("第 {number} 题的反馈", "Feedback on question {number}"),
    "iv.weight_note": (
        "×数字 表示该要点在评分中的权重：数字越大越重要。",
        "×N shows how much a point weighs in the score: the higher, the more it counts.",
    ),
    "iv.confirm_end": (
        "确定结束？你已回答 {n}/{total} 题，报告只包含已回答的题。",
        "End now? You have answered {n} of {total}; the report covers those answers.",
    ),
    "iv.confirm_discard": (
        "你还没有回答任何题目：结束将放弃这场面试，不会生成报告。",
        "You have not answered any question yet: ending discards this interview, with no report.",
    ),
    "iv.confirm_yes": ("确定结束", "Yes, end it"),
    "iv.confirm_no": ("继续作答", "Keep answering"),
    "iv.discarded": (
        "面试已结束。因为没有回答任何题目，所以没有报告。",
        "Interview ended. No question was answered, so there is no report.",
    ),
    "iv.r.title": ("面试报告 · {mode}", "Interview report · {mode}"),
    "iv.r.meta": (
        "{date} · 已回答 {answered} 题 · 平均分 {average}",
        "{date} · {answered} answered · average {average}",
    ),
    "iv.r.per_question": ("各题得分", "Per question"),
    "iv.r.answer": ("你的回答", "Your answer"),
    "iv.r.feedback": ("反馈", "Feedback"),
    "iv.r.followup": ("追问", "Follow-up"),
    "iv.r.earlier": ("以往得分", "Earlier attempts"),
    "iv.r.strengths": ("优势", "Strengths"),
    "iv.r.weak": ("薄弱环节与推荐阅读", "Weak areas and what to read"),
    "iv.r.key_point": ("要点", "Key point"),
    "iv.r.next": ("下一步练习", "Practise next"),
    "iv.r.next_hint": (
        "点击下面的题目，直接开始一场单题练习。",
        "Click a question below to start practising it right away.",
    ),
    "iv.r.retry": ("重答", "retry"),
    "iv.r.same_area": ("同一领域", "same area"),
    "iv.r.next_button": ("练习：{question}", "Practise: {question}"),
    "iv.r.malformed": (
        "模型评审输出有误的题目使用了规则评分。",
        "Where the model judge's output was malformed, the rubric score was used.",
    ),
    "iv.report": ("面试报告", "Interview report"),
    "iv.profile": ("维度画像", "Dimension profile"),
    "iv.dimension": ("维度", "Dimension"),
    "iv.score": ("得分", "Score"),
    "iv.download": ("下载报告（Markdown）", "Download the report (Markdown)"),
    "iv.again": ("再来一场", "Start another"),
    # --- drills ---------------------------------------------------------------------------
    "drill.intro": (
        "按面试官的节奏分九步完成一道 AI 产品设计题：每一步都有提示、评分和反馈，"
        "可以回到已完成的步骤重答，最后得到记分卡。",
        "Work through an AI product design case in nine stages, as an interviewer would: "
        "each stage has hints, a score and feedback; go back to any stage you answered; "
        "get a scorecard at the end.",
    ),
    "drill.pick": ("选择练习题", "Drill"),
    "drill.choice": (
        "{title} · {difficulty} · {minutes} 分钟",
        "{title} · {difficulty} · {minutes} min",
    ),
    "drill.suggested": ("推荐：{title}。{reason}", "Suggested: {title}. {reason}"),
    "drill.start": ("开始练习", "Start the drill"),
    "drill.stages": ("步骤（可回到已完成的步骤）", "Stages (go back to any you answered)"),
    "drill.answer": ("你的回答", "Your answer"),
    "drill.answer_ph": (
        "针对这一步作答，尽量结合案例给出具体做法和数字。",
        "Answer this stage with specifics for the case: actions, data, numbers.",
    ),
    "drill.submit": ("提交本步", "Submit this stage"),
    "drill.hint": ("提示", "Hint"),
    "drill.finish": ("完成并查看记分卡", "Finish and see the scorecard"),
    "drill.feedback": ("「{stage}」的反馈 · {score}/100", "Feedback on “{stage}” · {score}/100"),
    "drill.left": (
        "还有 {n} 步没有回答：{stages}。点上方的步骤继续作答，或现在结束：记分卡只给已完成的 "
        "{done} 步打分，并列出未作答的步骤。",
        "{n} stages have no answer yet: {stages}. Pick a stage above to go on, or finish now: "
        "the scorecard scores only the {done} stages answered and names the others.",
    ),
    "drill.left_none": (
        "还没有回答任何一步，先回答至少一步再结束。",
        "No stage has an answer yet; answer at least one before finishing.",
    ),
    "drill.finish_now": ("现在结束（已完成 {n}/9 个阶段）", "Finish now with {n} of 9 stages"),
    "drill.hints_done": ("这一步的提示已经全部给出。", "Every hint for this stage has been given."),
    "drill.pushback": ("面试官追问", "Interviewer's push-back"),
    "drill.sources": ("出处", "Sources"),
    "drill.empty": ("请先写下这一步的回答。", "Write an answer for this stage first."),
    "drill.none": ("还没有进行中的练习。", "No drill in progress."),
    "drill.download": ("下载记分卡（Markdown）", "Download the scorecard (Markdown)"),
    "drill.again": ("换一道题", "Another drill"),
    "drill.easy": ("入门", "easy"),
    "drill.medium": ("进阶", "medium"),
    "drill.hard": ("困难", "hard"),
    # --- PRD review -----------------------------------------------------------------------
    "prd.intro": (
        "上传或粘贴一份 PRD，得到按 AI 产品检查清单的评分、章节评估和按严重程度排列的问题。"
        "同一文档的新版本会与上一版比较。",
        "Upload or paste a PRD for a score against the AI-product checklist, a section table "
        "and issues by severity. A new version of the same document is compared with the last.",
    ),
    "prd.upload": (
        "上传 PRD 文件（.md .txt .html .docx .pdf）",
        "Upload a PRD file (.md .txt .html .docx .pdf)",
    ),
    "prd.text": ("或粘贴 PRD 正文", "Or paste the PRD text"),
    "prd.placeholder": ("# 产品名称\n\n## 背景与问题\n…", "# Product name\n\n## Background\n…"),
    "prd.run": ("评审粘贴的文本", "Critique the pasted text"),
    "prd.empty": ("请先粘贴 PRD 正文或上传文件。", "Paste a PRD or upload a file first."),
    "prd.col.section": ("章节", "Section"),
    "prd.col.status": ("状态", "Status"),
    "prd.col.evidence": ("文中依据", "Evidence"),
    # --- progress -------------------------------------------------------------------------
    "progress.intro": (
        "你在本浏览器中的全部练习记录（保存在本机）。",
        "Everything you practised in this browser (kept on this machine).",
    ),
    "progress.sessions": ("历史记录", "Past sessions"),
    "progress.refresh": ("刷新", "Refresh"),
    "progress.col.date": ("时间", "Date"),
    "progress.col.kind": ("类型", "Kind"),
    "progress.col.title": ("标题", "Title"),
    "progress.col.status": ("状态", "Status"),
    "progress.col.score": ("得分", "Score"),
    "progress.col.id": ("编号", "ID"),
    "progress.none": (
        "还没有记录。开始一次问答、面试、评审或练习后会显示在这里。",
        "Nothing yet. Sessions appear here once you start a chat, interview, review or drill.",
    ),
    "progress.questions": ("{n} 题", "{n} questions"),
    "progress.plot": ("得分趋势", "Scores over time"),
    "progress.plot_x": ("时间", "Date"),
    "progress.plot_y": ("得分", "Score"),
    "progress.plot_kind": ("类型", "Kind"),
    "progress.weak": ("薄弱环节", "Weak areas"),
    "progress.weak_none": (
        "还没有足够的评分来判断薄弱环节。",
        "Not enough scored answers yet to tell weak areas.",
    ),
    "progress.export_pick": ("选择要导出的记录", "Session to export"),
    "progress.export": ("导出 Markdown", "Export Markdown"),
    "progress.download": ("下载 Markdown", "Download Markdown"),
    "progress.export_none": ("请先选择一条记录。", "Pick a session first."),
    "progress.export_ready": ("已生成：{name}", "Ready: {name}"),
    "kind.chat": ("问答", "Chat"),
    "kind.interview": ("面试", "Interview"),
    "kind.prd": ("PRD 评审", "PRD review"),
    "kind.drill": ("设计练习", "Drill"),
    "state.active": ("进行中", "In progress"),
    "state.finished": ("已完成", "Finished"),
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English for anything but ``"zh"``)."""
    zh, en = TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def as_lang(value: object) -> Language:
    return "en" if value == "en" else "zh"


def lang_from_header(accept_language: str | None) -> Language:
    """The first language the browser prefers that the UI speaks (Chinese by default)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"
