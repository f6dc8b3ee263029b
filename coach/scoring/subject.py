"""Is the answer about this question's subject, or about something else?

A substantive answer to another question covers a type framework's talking points
as well as an answer to this one does ("names the users", "defines a metric"), so
coverage alone cannot tell a plant-identification answer given to a question on
going overseas from a real answer. Three pieces of evidence decide:

- **Does the question draw its sentences?** e5 similarities are compressed and differ
  from one question to the next, so the answer's closest sentences (as passages, the
  question as an e5 query) are measured against how close the same question comes to
  generic PM statements: every other type's talking points, what substance looks
  like and outlines (``_background``). A z-score: an answer about this question sits
  well above that background, an answer to another question sits inside it. A terse
  question ("Tell me about yourself") carries its meaning in its type, so the same
  is measured against its type's recognition examples, discounted when the question
  names a subject of its own.
- **Does it use the question's own words?** Words of the question beyond the
  vocabulary any PM answer shares ("出海", "ride-hailing", "GMV"): using two of them
  is evidence enough to be on the subject; using none of a question that names
  several counts against.
- **Which case is it about?** A drill stage names its case (``Rubric.subject``) and
  the other cases (``Rubric.rivals``): every case asks the same stage prompt, so only
  the case tells a plant app from a homework helper. An answer closer to another case,
  in meaning and in that case's own words, is about that case.

Thresholds were set on the calibration set and its off-topic pairs
(``tests/data/calibration``, ``bench/scoring.py``) and checked on the holdout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from coach.language import Language
from coach.scoring.analysis import Analysis
from coach.scoring.rubric import Rubric

TOP_SENTENCES = 3  # the answer's closest sentences that speak for it
OFF, ON = 0.6, 1.6  # z at or below OFF: about something else; at or above ON: on subject
NAMED_DISCOUNT = 0.8  # type examples speak less for a question that names its own subject
MISSING_WORDS = 1.0  # z taken off when a question names 2+ subject words and none is used
RIVAL_MARGIN = 0.0  # a rival case closer (cosine) than the answer's own case, by this much


@dataclass(frozen=True)
class SubjectFit:
    fit: float  # 1 on the question's subject, 0 about something else
    about: str = ""  # what the answer is about instead, when it is off
    z: float = 0.0  # how far above generic PM statements the question draws the answer
    rival: str = ""  # the other case it is about, for a drill stage

    @property
    def off(self) -> bool:
        """About something else that it names: an answer with no subject of its own
        (thin, generic) is not off, only barely about the question."""
        return self.fit <= 0.0 and bool(self.about)


def subject_fit(question: str, reading: Analysis, rubric: Rubric) -> SubjectFit:
    """How well ``reading`` is about ``question`` (and its case, for a drill)."""
    if not reading.sentences:
        return SubjectFit(1.0)
    if rubric.rivals:
        # A drill stage: its prompt is shared by every case, so the case decides.
        rival = _closer_rival(reading, rubric)
        return SubjectFit(0.0, rival, 0.0, rival) if rival else SubjectFit(1.0)
    from coach.scoring.classify import classify
    from coach.scoring.frameworks import framework

    type_id = rubric.type_id or classify(question).best
    asked = set(_content_terms(f"{question} {rubric.subject}"))
    used = len(asked & set(_answer_terms(reading)))
    z = _draw(question, reading, type_id)
    fw = framework(type_id)
    examples = fw.examples.zh if reading.lang == "zh" else fw.examples.en
    if examples:
        by_type = max(_draw(e, reading, type_id) for e in examples)
        z = max(z, by_type - (NAMED_DISCOUNT if asked else 0.0))
    if asked and used >= 2:
        z = max(z, ON)
    if len(asked) >= 2 and used == 0:
        z -= MISSING_WORDS  # it names its subject and the answer never does
    fit = min(1.0, max(0.0, (z - OFF) / (ON - OFF)))
    separator = ", " if reading.lang == "en" else "、"
    about = separator.join(distinctive_terms(reading, f"{question} {rubric.subject}"))
    return SubjectFit(round(fit, 3), about if fit < 0.5 else "", round(z, 3))


# --- does the question draw its sentences ---------------------------------------


def _draw(query: str, reading: Analysis, type_id: str) -> float:
    """How far above generic statements of other types ``query`` draws the answer's
    closest sentences, in standard deviations of those statements."""
    types, vectors = _background(reading.lang)
    q = _query(query)
    background = vectors[types != type_id] @ q
    closest = np.sort(reading.embeddings @ q)[::-1][:TOP_SENTENCES].mean()
    return float((closest - background.mean()) / (background.std() or 1.0))


@lru_cache(maxsize=2)
def _background(lang: Language) -> tuple[np.ndarray, np.ndarray]:
    """Generic PM statements, each tagged with its type: the talking points, what
    substance looks like and the outlines of every framework, in ``lang``."""
    from coach.scoring.frameworks import frameworks
    from coach.scoring.semantic import embed_many

    items: list[tuple[str, str]] = []
    for type_id, fw in sorted(frameworks().items()):
        for p in fw.points:
            items += [(type_id, p.point[lang]), (type_id, p.substance[lang])]
        items += [(type_id, t) for t in fw.outline[lang]]
    return np.array([t for t, _ in items]), embed_many([text for _, text in items])


@lru_cache(maxsize=4096)
def _query(text: str) -> np.ndarray:
    from coach.embeddings import embed_query

    return embed_query(text)


# --- which case is it about -----------------------------------------------------


def _closer_rival(reading: Analysis, rubric: Rubric) -> str:
    """The title of another case the answer is about, or ""."""
    vector = reading.embeddings.mean(0)
    vector = vector / (np.linalg.norm(vector) or 1.0)
    subjects = [rubric.subject, *rubric.rivals]
    sims = np.array([float(_query(s) @ vector) for s in subjects])
    words = [len(set(_content_terms(s)) & set(_answer_terms(reading))) for s in subjects]
    best = int(np.argmax(sims[1:])) + 1
    if sims[best] - sims[0] > RIVAL_MARGIN and words[best] > words[0]:
        return subjects[best].split("\n", 1)[0].strip()
    return ""


# --- words ----------------------------------------------------------------------


def distinctive_terms(reading: Analysis, asked: str, n: int = 3) -> list[str]:
    """The answer's most frequent nouns that neither the question nor any PM answer
    uses, as written: what the answer is about."""
    asked_terms = {stem for stem, _ in _nouns(asked)} | set(_content_terms(asked))
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for stem, word in _nouns(reading.text):
        if stem not in asked_terms:
            counts[stem] += 1
            surface.setdefault(stem, word)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0])))
    chosen: list[str] = []
    for stem, count in ranked:
        if count < 2 or any(stem in c or c in stem for c in chosen):
            continue
        chosen.append(stem)
        if len(chosen) == n:
            break
    return [surface[c] for c in chosen]


def _answer_terms(reading: Analysis) -> list[str]:
    """Every word of the answer (jieba's search mode, so a compound's parts count)."""
    return [t for t in (_norm(w) for w in reading.tokens) if t and t not in _generic()]


def _content_terms(text: str) -> list[str]:
    """The words of a question beyond the vocabulary of any PM answer."""
    from coach.lexical import tokenize

    return [t for t in (_norm(w) for w in tokenize(text)) if t and t not in _generic()]


_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_WORDS = re.compile(r"[A-Za-z]{3,}")
# jieba part-of-speech flags that name things: nouns (n, nr, ns, nt, nz), verbal
# nouns (合规), abbreviations (本地化) and Latin words inside Chinese text.
_NOUN_FLAGS = ("n", "vn", "j", "eng")


def _nouns(text: str) -> list[tuple[str, str]]:
    """(stem, word as written) for the subject words of ``text``: Chinese nouns by
    jieba's part-of-speech tags, English words outside the common vocabulary."""
    words: list[str] = []
    for run in _CJK.findall(text):
        words += [w for w, flag in _pos(run) if flag.startswith(_NOUN_FLAGS)]
    words += _LATIN_WORDS.findall(_CJK.sub(" ", text))
    found = []
    for word in words:
        stem = _norm(word)
        if stem and stem not in _generic() and not _common(word.lower()):
            found.append((stem, word))
    return found


def _pos(text: str) -> list[tuple[str, str]]:
    from coach.segmenter import pos_module

    return [(p.word, p.flag) for p in pos_module().cut(text)]


_LATIN = re.compile(r"^[a-z][a-z-]*$")
_INFLECTION = (
    (r"ies$", "y"),
    (r"(?<=[^s])es$", ""),
    (r"(?<=[^s])s$", ""),
    (r"ing$", ""),
    (r"ed$", ""),
)


def _common(word: str) -> bool:
    """A common English word, in any of its simple inflections (quantifies, helps)."""
    if word in _COMMON_EN:
        return True
    return any(
        re.sub(pattern, ending, word) in _COMMON_EN
        for pattern, ending in _INFLECTION
        if re.search(pattern, word)
    )


_NUMBER = re.compile(r"^[\d.%]+$")


def _norm(word: str) -> str:
    word = word.lower().strip()
    if len(word) < 2 or _NUMBER.match(word) or word in _FUNCTION:
        return ""
    if _LATIN.match(word) and (len(word) < 3 or _common(word)):
        return ""
    if _LATIN.match(word):
        return word[:6] if len(word) > 6 else word  # a crude stem: users/user, trips/trip
    return word


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """Words any PM answer uses, whatever the question: the frameworks' talking
    points, what substance looks like, outlines, traps and probes, and the drill
    stages' prompts and hints."""
    from coach.lexical import tokenize
    from coach.scoring.frameworks import frameworks

    texts: list[str] = []
    for fw in frameworks().values():
        texts += [fw.name.zh, fw.name.en, *fw.outline.zh, *fw.outline.en]
        texts += [*fw.traps.zh, *fw.traps.en]
        for p in fw.points:
            texts += [p.point.zh, p.point.en, p.substance.zh, p.substance.en]
            texts += [p.probe.zh, p.probe.en, *p.keywords]
    words = {_norm(w) for t in texts for w in tokenize(t)} | {_norm(w) for w in _GENERIC_EXTRA}
    return frozenset(w for w in words if w)


_FUNCTION = frozenset(
    """什么 怎么 如何 为什么 哪些 你会 我们 一个 这个 那个 可以 需要 进行 他们 你们 自己 没有
    因为 所以 如果 但是 然后 还是 就是 这样 一下 时候 现在 已经 还有 或者 以及 通过 比如
    the and you your what how why would which with for are this that does should tell about
    time its our their they them then than there these those from into have has had was
    were been being will can could not but all any each more most some such very just also
    when where who whom while about over only own same too out off one two three first second
    next last like make made get got let lets say said want wants""".split()  # noqa: SIM905
)
_GENERIC_EXTRA = frozenset(
    """用户 产品 功能 数据 指标 模型 问题 方案 场景 需求 目标 团队 业务 公司 项目 时间 结果
    提升 降低 增加 减少 判断 分析 考虑 设计 优化 上线 测试 版本 体验 能力 价值 成本 风险 效果
    user product feature data metric model problem team business company project result
    launch test version experi value cost risk people week weeks month months year years day days
    percent think know really good great better best""".split()  # noqa: SIM905
)
# Common English words that are not a subject (verbs, adjectives, adverbs an
# interview question uses around its subject).
_COMMON_EN = frozenset(
    """yourself yourselves myself someone somebody person manager managers
    able across after again against ago almost already always another anything
    ask asked become before behave behaves behind being below best better between big
    build building built call came change changed choose come comes decide decided
    did different does doing done down drop dropped during each early else enough even
    ever every explain fail failed few fewer find found give given going good got
    great happen happened help helps high how however important keep know large later
    least less little long look looking lot low made many may might much must need
    needs never new now often old once only other others over part per place put
    quantify rather real really right run same see seem set should show since small
    something sometimes start still such sure take taken tell than thing things think
    through today together too toward try turn under unsure until upon use used using
    very want watch way well went whether while without work works worst write yet""".split()  # noqa: SIM905
)
