"""Cue words per building block: what a practitioner says when a block is at stake.

Each list starts from the block's own text in the magazine (the phrase it rests on is
given) and adds the everyday words people use for the same thing, in Dutch and
English. Matched at word starts on the lower-cased situation, so 'betal' finds
'betaalt' and 'betalen'. One feature of the block selection (``features``); the
fitted weight decides how much it counts.
"""

from __future__ import annotations

import re

CUES: dict[str, tuple[str, ...]] = {
    # "gezamenlijk, bindend beeld van het maatschappelijke vraagstuk … gezamenlijk vertrekpunt"
    "Opgave": ("begin", "beginnen", "vertrekpunt", "beeld", "vraagstuk", "opgave", "probleem",
               "urgent", "afbaken", "breed", "definitie", "definiër", "waarom we", "één verhaal",
               "oplossen", "prioriteit", "veranderd", "doel", "van alles", "overal", "iets anders", "begonnen",
               "waar we", "where do we start", "shared picture", "purpose",
               "problem", "describe"),
    # "Welk verschil gaat het netwerk maken? … Wordt de waarderealisatie ook gevolgd … monitor"
    "Waarde": ("oplever", "opbrengst", "effect", "impact", "verschil", "meerwaarde", "monitor",
               "meten", "cijfers", "aanton", "laten zien", "verwachting", "haalbaar", "moeite waard",
               "merken", "waarder", "resultaten", "wachtlijst", "doorgaan", "zinvol", "achieved",
               "show", "value", "worth", "results",
               "measure"),
    # "Hoe kom je van groot denken naar klein doen? … regie en coördinatie … reflectie"
    "Samen doen": ("concreet", "actie", "aan de slag", "praten", "hand uit", "oppak", "coördinator",
                   "coördin", "aanjag", "burn", "opgebrand", "alleen", "terugkijk", "reflect",
                   "leren", "professionals", "werkvloer", "uitvoering", "maandag", "gebeurt", "overeind",
                   "teamleiders", "mails", "werkgroep",
                   "concrete", "moving", "coordinator"),
    # "relatie van het netwerk met haar omgeving … legitimiteit … jaarverslag … RvC"
    "Verankering": ("bewoner", "buurt", "zichtbaar", "in beeld", "bekend", "kennen ons", "gehoord",
                    "communicatie", "website", "nieuwsbrief", "gemeenteraad", "raad van",
                    "commissarissen", "toezicht", "verantwoording", "verantwoord aflegt", "de raad",
                    "wethouder", "buiten", "naar binnen", "inspraak", "maatschappelijke raad",
                    "legitim", "omgeving", "klankbord", "residents", "visible", "council",
                    "account for", "public"),
    # "commitment op rol en bijdrage … draagvlak voor deelname … balans … afhaakt … toetreden"
    "Deelname": ("partner", "aansluit", "toetre", "nieuwe partij", "afhak", "haken", "uit het",
                 "stapt uit", "stappen uit", "vertrek", "betrokken", "meedoen", "mee wil",
                 "bijdrage", "investe", "tijd kost", "draagvlak", "eigen organisatie", "balans",
                 "gesloten", "erbij hoort", "aan tafel", "meepraten", "argusogen", "wil niet meedoen",
                 "ja zeggen", "leaving", "join", "on board", "take part", "refuses"),
    # "vertrouwensreservoir … spelregels … Hoe spreken zij elkaar aan … spanningen en dilemma’s"
    "Binding": ("vertrouw", "wantrouw", "ruzie", "conflict", "spanning", "dilemma", "aanspreken",
                "spreken elkaar", "sfeer", "relatie", "leren kennen", "kent ze niet", "band",
                "team", "energie", "concurrent", "te aardig", "elkaar", "spelregels", "afspraken",
                "trust", "accountable", "agree",
                "relationship"),
    # "overleg, besluitvorming en regie … governance … netwerkmanager … Financiële afspraken"
    "Organisatie": ("overleg", "vergader", "beslis", "besluit", "governance", "structuur",
                    "stichting", "rechtspersoon", "contract", "overeenkomst", "papier",
                    "netwerkmanager", "regisseur", "projectbureau", "kosten", "betal", "betaa", "geld",
                    "subsidie", "financier", "eigenaar", "verantwoordelijk", "rollen",
                    "opdrachtgever", "financiering", "tafel", "wie neemt", "legal", "formal", "pays",
                    "office", "entity"),
}

_PATTERNS = {b: re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cs) + r")", re.IGNORECASE)
             for b, cs in CUES.items()}


def cue_count(text: str, block: str) -> int:
    """How many of the block's cues the text holds (each counted once)."""
    rx = _PATTERNS.get(block)
    return len({m.group(0).casefold() for m in rx.finditer(text)}) if rx else 0
