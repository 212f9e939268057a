"""What kind of text advice gets: is it a situation, and in which phase is the network?

Phases follow the magazine: the mozaiek serves "initiatiefnemers van een nieuw
netwerk" (start) and helps to hold "het functioneren van een bestaand netwerk nog eens
tegen het licht" (herijking); a network can get stuck (vast: "de soms taaie worsteling
om netwerken goed te laten functioneren") and "Deelname kent ook altijd een einde"
(einde). Anything else is a running network (loopt). Cues in Dutch and English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.followup import is_follow_up
from assistant.text.sentences import sentences

PHASES = ("start", "loopt", "vast", "herijking", "einde")

_PHASE_CUES = {
    "start": r"opzetten|oprichten|op te zetten|beginnen|starten|opstarten|nieuw netwerk|kwartiermaker|"
             r"net aangesteld|startbijeenkomst|aansluiten bij|eerste (stap|acties)|idee om|"
             r"set up|setting up|start(ing)? a|where do we start|get started|new network|join",
    "vast": r"vast(gelopen)?\b|stil\b|niets concreets|gebeurt niets|gefrustreerd|ruzie|conflict|"
            r"haken? (één voor één )?af|afhaken|burn-?out|opgebrand|wantrouwen|verziekt|onenigheid|"
            r"wrevel|niemand|te aardig|verplicht nummer|stuck|nothing (concrete )?has happened|"
            r"burning out|never hold|leaving|refuses|wringt",
    "herijking": r"terugkijken|kritisch kijken|tegen het licht|evalu|herijk|opgeleverd|"
                 r"na (twee|drie|vier|vijf|\d+) jaar|al (jaren|\d+ jaar|zes jaar)|bestaat al|"
                 r"doorontwikkel|after (two|three|\d+) years|achieved|look back",
    "einde": r"stoppen|opheffen|afgelopen|uit (het|ons|de) \w*\s*netwerk|stapt uit|stappen uit|"
             r"einde|loopt .{0,20}af\b|financiering stopt|subsidie stopt|vertrekt|wind down",
}
_PHASE_RES = {p: re.compile(rf"\b(?:{c})", re.IGNORECASE) for p, c in _PHASE_CUES.items()}

_SITUATION = re.compile(
    r"\b(we|wij|ons|onze|mijn|ik|our|we're|us|my|i|jullie)\b|"
    r"\b(lukt|haken|vast|probleem|problemen|moeten we|kunnen we|hoe pakken|wat moeten|"
    r"should we|how do we|how can we|struggle|stuck|dreigt|zitten|"
    # a problem named without 'we': 'Er is onenigheid over wie de kosten betaalt.'
    r"onenigheid|conflict(en)?|ruzie|wantrouwen|spanningen|botst|wringt|afhaken|haakt af|"
    r"gefrustreerd|niemand voelt|loopt vast|disagree(ment)?|conflict|tension)\b",
    re.IGNORECASE,
)


_REQUEST = re.compile(r"^(geef|noem|leg uit|beschrijf|vat|vergelijk|wat|wie|welke|hoe|waarom|wanneer|"
                      r"explain|describe|list|give|summari[sz]e|compare|what|who|which|how|why)\b",
                      re.IGNORECASE)


def _tells(text: str) -> bool:
    """A statement that tells something (six words or more, not a question, not a request
    such as 'Noem drie kenmerken …'): 'De wijkteams weten niet wat de stuurgroep besloot.'"""
    for sentence in sentences(text):
        if (len(sentence.split()) >= 6 and not sentence.endswith("?")
                and not _REQUEST.match(sentence)):
            return True
    return False


def phases(text: str) -> dict[str, bool]:
    """Which phases the text's wording points at (several may)."""
    return {p: bool(rx.search(text)) for p, rx in _PHASE_RES.items()}


def phase(text: str) -> str:
    """The one phase a text points at most clearly (stuck and ending before the rest)."""
    found = phases(text)
    for p in ("einde", "vast", "start", "herijking"):
        if found[p]:
            return p
    return "loopt"


def is_situation(question: str, history: Sequence[dict] | None = None) -> bool:
    """A described situation (first person, a problem) rather than a factual question.
    A short follow-up ('En als de gemeente niet mee wil?') is one when the conversation
    before it described a situation."""
    if _SITUATION.search(question) or _tells(question):
        return True
    if not history or not is_follow_up(question, history):
        return False
    before = [str(t.get("content", "")) for t in history if t.get("role", "user") == "user"]
    return any(_SITUATION.search(text) for text in before[-2:])
