"""The few sentences of our own around quoted sources, in Dutch and English: data and
pure functions, so every wording is visible in one place and testable."""

from __future__ import annotations

from assistant.answer.clause_en import indirect_clause_en
from assistant.answer.question import Question, join_clauses, part_clause
from assistant.language import detect

NOT_COVERED = {
    "nl": "De bronnen geven geen antwoord op deze vraag. Hieronder staan de passages die er "
          "het dichtst bij komen (wel gerelateerd).",
    "en": "The sources do not answer this question. Below are the passages that come closest "
          "(related, not an answer).",
}
ENGLISH_FRAME = "The sources (in Dutch) say: "
# the few English passages of a Dutch library (a quotation, an abstract) are not "in Dutch"
ENGLISH_FRAME_SAME = "The sources say: "
ADVICE_POINTER = {
    "nl": "Wil je advies voor je eigen situatie, per bouwsteen van het Netwerkmozaïek? Kies dan "
          "de modus ‘Advies volgens het Netwerkmozaïek’.",
    "en": "For advice on your own situation, structured by the Netwerkmozaïek, switch to the "
          "advice mode.",
}
FOLLOW_UP_NOTE = {"nl": "Vervolgvraag, gezocht als: {query}", "en": "Follow-up, searched as: {query}"}

# what the sources lack, by the kind of answer asked (when no indirect clause can be made)
_MISSING_NL = {
    "count": "het gevraagde aantal", "amount": "het gevraagde bedrag", "duration": "hoe lang het duurde",
    "date": "de gevraagde datum of het jaar", "person": "de gevraagde persoon",
    "organisation": "de gevraagde organisatie", "place": "de gevraagde plaats",
    "list": "de afzonderlijke onderdelen waar de vraag om vraagt", "legal_form": "de rechtsvorm",
    "contact": "de gevraagde contactgegevens", "outcome": "of het zo is uitgepakt", "reason": "de reden",
}
_MISSING_EN = {
    "count": "the number asked for", "amount": "the amount asked for", "duration": "how long it took",
    "date": "the date or year asked for", "person": "the person asked for",
    "organisation": "the organisation asked for",
    "place": "the place asked for", "list": "the individual items asked for", "legal_form": "the legal form",
    "contact": "the contact details asked for", "outcome": "whether it turned out so",
    "reason": "the reason asked for",
}


def missing_sentence(q: Question, language: str, unsure: bool = False, unanswered: tuple[Question, ...] = ()
                     ) -> str:
    """One plain sentence naming what the sources do not say. ``unsure``: the quoted
    sentence does hold a value of the asked kind, but the answerability model doubts it is
    the asked one; the sentence then says that it is not certain, not that it is absent.
    ``unanswered``: of a compound question, the parts the quoted sentences leave open
    (only those are named)."""
    asked = unanswered or q.parts or (q,)
    if unanswered:
        unsure = False  # a part no quoted sentence answers is missing, not doubted
        clauses = [part_clause(p) for p in unanswered]
        clause = join_clauses(clauses) if all(clauses) else ""
    else:
        # the whole question; of a compound one whose part makes no clause ('met hoeveel
        # partijen … begon, en in welk jaar?'), the first question
        clause = q.indirect or (part_clause(q.parts[0]) if q.parts else "")
        if q.parts:
            unsure = True  # every part found something: which one falls short is not known
    kind = asked[0].kind if asked[0].kind in _MISSING_NL else q.kind
    if language == "en":
        return _missing_en(q, kind, unsure, unanswered)
    if unsure:
        if clause:
            return f"Of de bronnen hiermee zeggen {clause}, is niet zeker."
        return f"Of dit precies {_MISSING_NL.get(kind, 'een direct antwoord')} is, is niet zeker."
    if clause:
        return f"De bronnen zeggen niet {clause}."
    if kind not in _MISSING_NL:
        return "De bronnen geven geen direct antwoord op deze vraag."
    return f"De bronnen noemen niet {_MISSING_NL[kind]}."


def _missing_en(q: Question, kind: str, unsure: bool, unanswered: tuple[Question, ...]) -> str:
    """The English sentence: the question as an indirect clause where its word order can be
    read ('They do not say how many homes Trivire owns.'), else the kind of value asked for.
    Of a compound question only a single open part is named this way."""
    single = unanswered[0] if len(unanswered) == 1 else None if unanswered or q.parts else q
    clause = indirect_clause_en(single.text) if single is not None else ""
    if unsure and not unanswered:
        if clause:
            return f"It is not certain that this says {clause}."
        return f"It is not certain that this gives {_MISSING_EN.get(kind, 'a direct answer')}."
    if clause:
        return f"They do not say {clause}."
    return f"They do not give {_MISSING_EN.get(kind, 'a direct answer to this question')}."


def partial(said: str, missing: str, language: str) -> str:
    """What the sources do say (cited), then ``missing``: what they do not say (or what is
    not certain, see ``missing_sentence``)."""
    if not said:
        return missing
    # on a paragraph of its own: what is missing must not read as one more quoted line
    if language == "en":
        return f"{english(said)}\n\n{missing}"
    return f"Wat de bronnen hierover zeggen: {said}\n\n{missing}"


def english(said: str) -> str:
    """An English question's frame around the quotes: they are Dutch, unless the quoted
    text itself reads as English ('In my experience, putting together even a temporary
    alliance …', a sceptic quoted in English in a Dutch book)."""
    return f"{ENGLISH_FRAME_SAME if detect(said) == 'en' else ENGLISH_FRAME}{said}"


def unknown_names(names, language: str) -> str:
    """'Geen van de documenten noemt ‘Zwolle’.': what a not-covered question names that no
    document mentions."""
    quoted = [f"‘{n}’" for n in names]
    joiner = " and " if language == "en" else " en "
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + joiner + quoted[-1]
    if language == "en":
        return f"None of the documents mentions {listed}."
    return f"Geen van de documenten noemt {listed}."
