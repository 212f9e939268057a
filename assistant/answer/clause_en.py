"""An English question as an indirect clause, for the sentence that says what the sources
do not say: 'How many homes does Trivire own?' → 'how many homes Trivire owns', so a
partial answer can end 'They do not say how many homes Trivire owns.' instead of 'They do
not give the number asked for.'

Word order only, by rule: a subject question stays as it is ('Who chairs it?'); after 'is',
'was', 'has' … the subject comes first and the verb after it ('who the director is',
'when the centre was opened'); after 'do', 'does', 'did' the main verb takes the tense
('does … own' → 'owns', 'did … start' → 'started'). A question the rules cannot read (no
main verb found, a compound question) gives '' and the caller says it in general words.
"""

from __future__ import annotations

import re

_OPENER = re.compile(r"^(?:and|but|so|then|also|ok(?:ay)?|well)\b[,\s]*", re.IGNORECASE)
_WH = ("who", "whom", "whose", "what", "which", "when", "where", "why", "how")
_BE = {"is", "are", "was", "were"}
_HAVE = {"has", "have", "had"}
_MODAL = {"can", "could", "will", "would", "should", "must", "may", "might", "shall"}
_DO = {"do", "does", "did"}
_SUBJECT_START = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
                  "your", "my", "it", "they", "he", "she", "we", "you", "i", "there", "each", "every",
                  "all", "both", "some", "any", "no", "one", "two", "three", "four", "five"}
# verbs a question asks with 'do', 'does', 'did' in this domain (base form)
_VERBS = set("""own receive get start begin work have pay cost take use need want say think mean make
do open launch found set join leave hold lead run employ choose fund spend share put give keep find
see know learn call name decide agree meet organise organize write publish study research visit
count measure fund finance manage chair head govern steer sign end stop close merge grow change
achieve deliver improve reduce involve include contain cover describe mention cite propose suggest
recommend advise argue claim conclude compare define explain show report expect plan try handle
deal solve tackle prevent support help build create develop invest contribute earn collect raise
become belong live move stay serve come go happen last take predict rest depend focus rely base draw
sit play add""".split())
_PAST = {"begin": "began", "get": "got", "have": "had", "pay": "paid", "take": "took", "say": "said",
         "think": "thought", "mean": "meant", "make": "made", "do": "did", "set": "set", "leave": "left",
         "hold": "held", "lead": "led", "run": "ran", "choose": "chose", "spend": "spent", "put": "put",
         "give": "gave", "keep": "kept", "find": "found", "see": "saw", "know": "knew", "meet": "met",
         "write": "wrote", "build": "built", "become": "became", "come": "came", "go": "went",
         "grow": "grew", "cost": "cost", "deal": "dealt", "stop": "stopped", "plan": "planned"}
# a preposition left at the end ('what X is about'); after one, a verb-like word is a noun ('on hold')
_STRANDED = {"about", "for", "with", "to", "from", "in", "on", "of", "at", "like"}
_MODIFIERS = {"the", "a", "an", "its", "his", "her", "their", "our", "your", "my", "this", "that",
              "these", "those", "each", "every"}
_IRREGULAR_PARTICIPLES = {"built", "made", "set", "held", "led", "run", "done", "given", "taken", "written",
                          "chosen", "known", "begun", "paid", "founded", "put", "kept", "found", "seen",
                          "grown", "become", "come", "gone", "said", "spent", "met", "left"}


def _third_person(verb: str) -> str:
    if verb == "have":
        return "has"
    if verb in ("do", "go"):
        return verb + "es"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _past(verb: str) -> str:
    if verb in _PAST:
        return _PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _participle(word: str) -> bool:
    w = word.casefold()
    return (w.endswith("ed") and len(w) > 4) or w in _IRREGULAR_PARTICIPLES


def _subject_follows(word: str) -> bool:
    return word.casefold() in _SUBJECT_START or word[:1].isupper() or word[:1] in "'‘\"“"


def indirect_clause_en(question: str) -> str:
    """The question as an indirect clause ('how many homes Trivire owns'), or '' when the
    rules cannot read it."""
    text = _OPENER.sub("", " ".join(question.split())).rstrip(" ?!.")
    if not text or "?" in text or "," in text:
        return ""  # more than one question, or a clause the word order rules do not cover
    words = text.split()
    if words[0].casefold() not in _WH or any(
            a.casefold() in ("and", "or") and b.casefold() in _WH for a, b in zip(words, words[1:], strict=False)):
        return ""  # a yes/no question ('whether …' needs more), or two questions in one
    words[0] = words[0].casefold()
    aux_at = next((i for i, w in enumerate(words[1:], 1)
                   if w.casefold() in _BE | _HAVE | _MODAL | _DO), None)
    if aux_at is None:
        return " ".join(words)  # 'who chairs it', 'which municipalities wanted a carport'
    if any(w.casefold() in ("and", "or") for w in words[1:aux_at]):
        return ""
    aux, rest, head = words[aux_at].casefold(), words[aux_at + 1:], words[:aux_at]
    if not rest:
        return ""
    first = rest[0].casefold()
    if (aux in _MODAL and first in _VERBS) or (aux in _HAVE and (_participle(first) or first == "to")):
        return " ".join(words)  # the question phrase is the subject: 'who should lead …'
    if aux in _DO:
        verb_at = next((i for i, w in enumerate(rest[1:], 1) if w.casefold() in _VERBS
                        and not _modifies(rest[i - 1]) and not _names_noun(rest, i)), None)
        if verb_at is None:
            return ""
        verb = rest[verb_at].casefold()
        tensed = verb if aux == "do" else _third_person(verb) if aux == "does" else _past(verb)
        return " ".join([*head, *rest[:verb_at], tensed, *rest[verb_at + 1:]])
    if aux in _BE and not _subject_follows(rest[0]):
        return " ".join(words)  # 'which water board is one of …' reads as it stands
    verb_at = None
    for i, w in enumerate(rest[1:], 1):
        if w.casefold() in ("who", "that", "which", "whose"):
            break  # a relative clause: its verb is not the question's
        if _participle(w) or (aux in _MODAL and w.casefold() in _VERBS and not _modifies(rest[i - 1])):
            verb_at = i
            break
    if verb_at is not None:  # 'when the centre was opened', 'what label homes must have'
        return " ".join([*head, *rest[:verb_at], aux, *rest[verb_at:]])
    if aux in _BE:
        if len(rest) > 1 and rest[-1].casefold() in _STRANDED:
            return " ".join([*head, *rest[:-1], aux, rest[-1]])  # 'what X is about'
        return " ".join([*head, *rest, aux])  # 'who the director of Platform31 is'
    return ""


def _modifies(word: str) -> bool:
    """A word that puts a noun after it: 'the 2013 study', 'their work', 'on hold'."""
    return word.casefold() in _MODIFIERS or word.casefold() in _STRANDED or word.isdigit()


def _names_noun(words: list[str], i: int) -> bool:
    """``words[i]`` is part of a noun phrase: 'the MKW study tour's approach'."""
    return i + 1 < len(words) and words[i + 1].endswith(("'s", "’s"))
