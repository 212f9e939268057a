"""What a question asks for, and whether a sentence gives it: pure functions, no model."""

from __future__ import annotations

import pytest

from assistant.answer.clause import indirect_clause
from assistant.answer.question import analyse
from assistant.answer.slots import check, leans_on_previous


@pytest.mark.parametrize(("question", "kind"), [
    ("Hoeveel leden telt de stuurgroep?", "count"),
    # the verb that dates a 'wanneer' question may come late; adjectives, compounds, 'hoe heten'
    ("Wanneer is het netwerktoezichtskader van Proeftuin Ruwaard vastgesteld?", "date"),
    ("Wanneer is het programma in de wijk van start gegaan?", "date"),
    ("Hoe hoog is de jaarlijkse begroting van het programmabureau?", "amount"),
    ("Hoe groot is het samenwerkingsbudget van de provincie?", "amount"),
    ("Welke welzijnsorganisatie zette haar sociaal werkers anders in?", "organisation"),
    ("Hoe heten de schrijvers van het magazine?", "person"),
    ("Welke twintig gebieden doen mee?", "list"),
    ("Which are the 20 areas taking part?", "list"),
    ("Sinds welk jaar bestaat de proeftuin?", "date"),
    ("Hoe hoog was die contributie?", "amount"),
    ("Wat heeft de bouw van het wijkcentrum gekost?", "amount"),
    ("Welk rapportcijfer geeft de gemeente zichzelf?", "count"),
    ("Naar welke tweede wijk wordt de proeftuin uitgebreid?", "place"),
    ("Welk onderzoeksbureau schreef het rapport?", "organisation"),
    ("Hoeveel eigen zeggenschap moet je als corporatie inleveren?", "open"),  # not counted
    ("Hoe groot is het noodfonds in totaal?", "amount"),
    ("Waar is het programmabureau van de alliantie gevestigd?", "place"),
    ("Waar komt de interesse van Kenis voor diversiteit vandaan?", "open"),  # an origin, not a place
    ("Welke bestemmingen waren dat allemaal?", "list"),
    ("Kun je de andere sleutels ook opsommen?", "list"),
    ("Hoeveel subsidie gaf het ministerie?", "amount"),
    ("Hoe lang duurde de reis?", "duration"),
    ("Wanneer is het netwerk opgericht?", "date"),
    ("Wanneer laten deelnemers nieuw gedrag zien?", "open"),  # a condition, not a moment
    ("Wie betaalt de coördinator?", "person"),
    ("Bij welke uitgeverij verscheen het essay?", "organisation"),
    ("Waar zit het programmabureau?", "place"),
    ("Waar moet je op letten als ambtenaren meedoen?", "open"),
    ("Welke drie partners zitten in de stuurgroep?", "list"),
    ("Welke rechtsvorm heeft het netwerk?", "legal_form"),
    ("Waarom haken partners af?", "reason"),
    ("Hoe voorkom je dat een netwerk een praatclub wordt?", "howto"),
    ("Is er een erkende opleiding voor netwerkmanagers?", "yesno"),
    ("How many partners joined the network?", "count"),
    ("When did the journey start?", "date"),
    # 'wat is de <a sum>' asks for an amount, not a definition
    ("Wat is de huurprijs van een sociale huurwoning in 2026?", "amount"),
    ("Wat is de maximale kale huur voor een studentenkamer?", "amount"),
    ("What is the average rent of a social housing flat?", "amount"),
    ("Wat is het maatschappelijk rendement van het netwerk, uitgedrukt in euro's?", "amount"),
    ("Wat is het verschil tussen een bv en een nv?", "definition"),
    ("Wat is de waarde van een netwerk?", "definition"),
    # contact details, a legal form asked as yes/no, a month, a role the text may name
    ("Wat is het telefoonnummer van het platform?", "contact"),
    ("Op welk adres staat het wijkcentrum?", "contact"),
    ("What is the e-mail address of the programme office?", "contact"),
    ("Is het programmabureau een aparte stichting?", "legal_form"),
    ("Moeten we voor ons netwerk een aparte rechtspersoon oprichten?", "yesno"),  # advice, no form
    ("In welke maand kwam de leerkring bij elkaar?", "date"),
    ("Welke huisarts zit in het netwerk?", "person"),
    # a period in years; an English question for a company, firm or association
    ("In welke jaren was hij vicedecaan?", "date"),
    ("In welke periode liep het programma?", "date"),
    ("Which company does the entrepreneur run?", "organisation"),
    ("Which organisations are shown in the figure?", "organisation"),
    ("Which housing association joined the network?", "organisation"),
    ("Which architecture firm did they work with?", "organisation"),
    ("Welke zorgverzekeraar gaf de opdracht?", "organisation"),
    ("Met welke Duitse deelstaat werkt het netwerk samen?", "place"),
    ("Welk dorp doet als eerste mee?", "place"),
    # whether something came about: a result must answer it, not a description
    ("Is Heerlen-Noord al veiliger geworden sinds de alliantie er werkt?", "outcome"),
    ("En is die zonnecarport er uiteindelijk gekomen?", "outcome"),
    ("Did the programme improve pupils' results?", "outcome"),
    ("Heeft het onderzoek iets opgeleverd voor het netwerk?", "outcome"),
    ("Kan de samenstelling van een netwerk in de loop van de tijd veranderen?", "yesno"),  # a possibility
    ("Moet je een netwerk niet gewoon strak aansturen?", "yesno"),  # a choice
])
def test_the_kind_of_answer_a_question_asks_for(question, kind):
    assert analyse(question).kind == kind


def test_head_noun_list_size_and_names():
    q = analyse("Welke drie partners zitten in de stuurgroep van Heerlen-Noord in 2025?")
    assert (q.kind, q.head, q.list_n) == ("list", "partners", 3)
    assert set(q.entities) >= {"heerlen", "noord", "2025"}
    assert analyse("Hoeveel sociale huurwoningen heeft de corporatie?").head == "huurwoningen"
    q = analyse("Welke drie particuliere verhuurders doen mee aan de pilot?")  # number, adjective, noun
    assert (q.head, q.list_n) == ("verhuurders", 3)


def test_focus_words_weigh_by_everyday_rarity_and_skip_question_words():
    q = analyse("Hoeveel leden telt de stuurgroep?")
    assert "hoeveel" not in q.focus and "de" not in q.focus
    assert q.focus["stuurgroep"] > q.focus["leden"]  # the rarer word says more


def test_follow_up_opener_is_dropped_and_context_weighs_less():
    q = analyse("En wie betaalt de coördinator?", context="regie netwerk")
    assert q.text.startswith("wie") and q.kind == "person"
    assert set(q.context) == {"regie", "netwerk"}


@pytest.mark.parametrize(("question", "clause"), [
    ("Hoeveel leden telt de stuurgroep?", "hoeveel leden de stuurgroep telt"),
    ("Wie betaalt de coördinator?", "wie de coördinator betaalt"),
    ("Hoeveel corporaties zijn er aangesloten bij het platform?",
     "hoeveel corporaties er aangesloten bij het platform zijn"),
    ("Hoeveel signalen ontving het meldpunt in 2025?", "hoeveel signalen het meldpunt in 2025 ontving"),
    ("Bij welke uitgeverij verscheen het MKW-essay?", "bij welke uitgeverij het MKW-essay verscheen"),
    ("Is er een erkende opleiding voor netwerkmanagers?", "of er een erkende opleiding voor netwerkmanagers is"),
    ("Is Heerlen-Noord al veiliger geworden sinds de alliantie er werkt?",
     "of Heerlen-Noord al veiliger geworden is sinds de alliantie er werkt"),
    ("Is het gelukt om mensen uit de uitkering te krijgen?", "of het gelukt is om mensen uit de uitkering te krijgen"),
    ("Moet de gemeente de baas zijn omdat zij het geld heeft?",
     "of de gemeente de baas moet zijn omdat zij het geld heeft"),
    ("Moet de gemeente altijd de trekker zijn?", "of de gemeente altijd de trekker moet zijn"),
    # 'welke' on its own, the verb right after it
    ("Welke is het gevaarlijkst?", "welke het gevaarlijkst is"),
    ("Hoe voorkom je dat een netwerk een praatclub wordt?", ""),  # needs another verb form: no clause
    # a modal goes before its infinitive, fillers go
    ("Wie moet er eigenlijk de leiding hebben in een wijknetwerk?", "wie er de leiding moet hebben in een wijknetwerk"),
    # a noun is never the finite verb
    ("Welke vormen van sturing van een organisatienetwerk noemt Kenis?",
     "welke vormen van sturing van een organisatienetwerk Kenis noemt"),
    # a subordinate clause stays after the verb
    ("Wat kost het de maatschappij als een huurder uit zijn huis wordt gezet?",
     "wat het de maatschappij kost als een huurder uit zijn huis wordt gezet"),
    # a separable verb joins its particle
    ("Welke gemeenten doen mee aan het netwerk?", "welke gemeenten aan het netwerk meedoen"),
    # 'hoeveel' straight before the verb
    ("Hoeveel kost een lidmaatschap van de vereniging per jaar?",
     "hoeveel een lidmaatschap van de vereniging per jaar kost"),
])
def test_indirect_clause_for_what_the_sources_do_not_say(question, clause):
    assert indirect_clause(question) == clause


@pytest.mark.parametrize(("question", "sentence", "bound"), [
    ("Hoeveel leden telt de stuurgroep?", "De stuurgroep telt twaalf leden.", True),
    ("Hoeveel leden telt de stuurgroep?", "De stuurgroep telt een aantal leden.", False),
    ("Hoeveel inwoners heeft de gemeente?", "De gemeente heeft tien dorpsontmoetingen.", False),
    ("Hoeveel corporaties doen mee?", "Het netwerk bestaat sinds 2019 uit corporaties.", False),  # a year
    ("In welk jaar promoveerde Kenis?", "Patrick Kenis (1959) is hoogleraar.", False),  # a name is no anchor
    ("Wanneer begon de verkenningsreis?", "Het is een jaar geleden, april 2019.", True),
    ("Welke drie partners zitten in de stuurgroep?",
     "In de stuurgroep zitten de gemeente, de corporatie en de zorgaanbieder.", True),
    ("Welke drie partners zitten in de stuurgroep?", "Er zitten drie partners in de stuurgroep.", False),
    # a count of the listed things with an adjective between, however many commas follow
    ("Welke drie particuliere verhuurders doen mee?",
     "Drie particuliere verhuurders met samen 400 woningen doen mee, zoals bleek uit gesprekken en een enquête.",
     False),
    # list members are named in one sentence: an 'en' here and a comma there list nothing
    ("Welke drie particuliere verhuurders doen mee?",
     "De verhuurders hoeven niet mee te doen en kunnen stoppen. Daarnaast vraagt de pilot huisbezoeken, "
     "terwijl de capaciteit krap is.", False),
    # 'a, b en c': a comma and an 'en' before it list nothing
    ("Welke drie particuliere verhuurders doen mee?",
     "Betrek particuliere verhuurders in Oost en Molenkamp bij het meldpunt, bijvoorbeeld met een pilot.", False),
    ("Welke drie particuliere verhuurders doen mee?",
     "Aan de pilot doen verhuurders Kaan, De Wit en Vastgoed Oost mee.", True),
    # a count binds within its sentence
    ("Met hoeveel bewoners hebben de onderzoekers gesproken?",
     "Zij gaven het huisbezoek gemiddeld een 8,1. Bewoners noemden vooral de tijd.", False),
    ("Met hoeveel bewoners hebben de onderzoekers gesproken?",
     "De onderzoekers spraken met 23 bewoners.", True),
    # a number written with a thousands separator is one number, and 'mensen' are counted
    # as residents, board members, volunteers …
    ("Hoeveel woningen heeft de corporatie?", "De corporatie heeft ruim 2.500 woningen in de stad.", True),
    ("Hoeveel mensen wonen er in de wijk?", "Het gaat om de ruim 50.000 bewoners van de wijk.", True),
    ("Met hoeveel mensen reisden ze?", "Wij reisden met vijf corporatiebestuurders en twee ondersteuners.", True),
    ("Hoeveel mensen werken bij het bureau?", "Het bureau heeft vier kantoren.", False),
    # a sum for another year than the one asked about
    ("Hoe groot is de begroting van het meldpunt voor 2026?",
     "De begroting van het meldpunt bedroeg in 2025 in totaal 91.200 euro.", False),
    ("Hoe groot is de begroting van het meldpunt voor 2026?",
     "De begroting van het meldpunt voor 2026 is 95.000 euro.", True),
    # contact details: a number, an address or a site near what is asked, not a bare mention
    ("Wat is het telefoonnummer van het meldpunt?", "Het meldpunt is bereikbaar op telefoonnummer 073-6123456.",
     True),
    ("Wat is het telefoonnummer van het meldpunt?", "Bewoners kunnen het meldpunt telefonisch bereiken.", False),
    ("Op welk adres zit het wijkcentrum?", "Het wijkcentrum zit aan de Stationsstraat 12 in Oss.", True),
    ("Wat is de website van de proeftuin?", "Meer over de proeftuin op www.proeftuinruwaard.nl.", True),
    # households by another name; not any count near the verb
    ("Bij hoeveel gezinnen is een betalingsregeling afgesproken?",
     "Met 142 huishoudens is een betalingsregeling getroffen.", True),
    ("Bij hoeveel gezinnen is een betalingsregeling afgesproken?",
     "Er zijn 47 betalingsregelingen afgesproken met de woonstichting.", False),
])
def test_a_value_must_be_bound_to_what_the_question_asks_about(question, sentence, bound):
    after = "Na een periode van voorbereidingen startte onze reis." if "reis" in question else ""
    assert check(analyse(question), sentence, after=after).bound is bound


@pytest.mark.parametrize(("sentence", "leans"), [
    ("Die mening delen zij niet.", True),
    ("Maar dat is niet genoeg.", True),
    ("en daarom werkt het.", True),
    ("Terwijl dat helemaal niet zo hoeft te zijn natuurlijk.", True),
    ("Hetzelfde geldt voor een netwerk dat vooral leert.", True),
    ("Dan worden de spelregels opnieuw besproken.", True),
    ("Of: externe middelen kunnen drempels wegnemen.", True),
    ("Of de gemeenteraad vraagt de wethouder om verantwoording.", True),
    ("Anders bestaat de kans dat deze partner vroeg of laat afhaakt.", True),
    ("Kortom: we weten het niet precies.", True),
    ("Immers, niemand voelt zich eigenaar.", True),
    ("Integendeel, onderzoek en ervaring laten zien dat er flink wat georganiseerd moet worden.", True),
    ("Op die manier blijft iedereen betrokken.", True),
    ("Ten tweede moeten ze medewerkers zoeken met een T-profiel.", False),
    # an interview's speaker label does not hide what the quote leans on
    ("Roy: “Dat hebben we gedaan om het te depolitiseren.", True),
    ("Marieke vult aan: “Ik denk dat het succes er in zit.", False),
    ("Tentoonstellingen trekken veel bewoners.", False),
    ("Anders dan bij een bedrijf is er geen baas.", False),
    ("Verderop in de wijk staat het buurthuis.", False),
    ("Danielle leidt het netwerk.", False),
    ("Het netwerk is opgericht door drie partners.", False),
    ("Corporaties werken samen met de gemeente.", False),
    # 'dan' after the verb stands for the situation described before; not 'meer dan', 'Als …,
    # dan …' or 'dan ook' (therefore)
    ("Bij de andere, kleinere deelnemers ontstaat dan vaak het beeld van een dubbele agenda.", True),
    ("De kunst is dan om de kracht van publieke en private partijen te benutten.", True),
    ("Een organisatienetwerk gaat verder dan een netwerkschema.", False),
    ("Wij werken beter samen dan zij.", False),
    ("Als partners elkaar kennen, dan gaat het beter.", False),
    ("Het boek is dan ook bedoeld voor een breed publiek.", False),
    # a preposition right before the verb has left its object out: 'without (that value)'
    ("Zónder zal de maatschappij vroeg of laat kritische vragen stellen.", True),
    ("Zonder geld gaat het niet.", False),
])
def test_sentences_that_start_mid_thought(sentence, leans):
    assert leans_on_previous(sentence) is leans


def test_an_english_question_binds_its_value_to_the_dutch_words_of_what_it_asks_about():
    dutch = {"alderman": ("wethouder",), "housing": ("wonen", "woning")}
    q = analyse("Who is the alderman for housing in Heerlen?", "en", dutch=lambda w: dutch.get(w, ()))
    assert not check(q, "De basis werd neergezet door kwartiermaker Lodewijk Asscher.").bound
    assert check(q, "Wethouder Peter van Zutphen van Heerlen is verantwoordelijk voor wonen.").bound
    # no Dutch words known for what it asks about: a name in a sentence close in meaning is all
    # that can be checked
    unknown = analyse("Who founded the network?", "en", dutch=lambda w: ())
    assert check(unknown, "De basis werd neergezet door kwartiermaker Lodewijk Asscher.").bound


def test_an_english_count_binds_by_distance_to_the_dutch_word_of_its_noun():
    # the Dutch word of 'schools' may name another noun of the phrase: only the distance counts
    q = analyse("How many nursing schools take part in the network?", "en",
                dutch=lambda w: {"schools": ("verpleegkunde",)}.get(w, ()))
    assert check(q, "Er doen vijf onderwijsinstellingen voor verpleegkunde mee.").bound
    nl = analyse("Hoeveel partners telt het netwerk?")
    assert not check(nl, "Het netwerk heeft twee werkplaatsen voor partners.").bound


def test_legal_small_print_is_never_quoted_as_an_answer():
    from assistant.answer.extractive import is_statement
    assert is_statement("Deze publicatie is tot stand gekomen met steun van het ministerie van BZK.")
    assert not is_statement("Hoewel grote zorgvuldigheid is betracht bij het samenstellen van dit rapport, "
                            "aanvaarden de uitgevers geen enkele aansprakelijkheid voor het gebruik.")
    assert not is_statement("Alles uit deze uitgave mag worden vermenigvuldigd mits de bron wordt vermeld.")
    assert is_statement("De partners zijn samen aansprakelijk voor de kosten van het meldpunt.")


@pytest.mark.parametrize("question, sentence, bound", [
    # a count binds to the counted noun, not to a sum next to it
    ("Hoeveel partners hebben geld in het noodfonds gestopt?",
     "Een deel van de partners heeft daarin 5.000 euro gestort.", False),
    ("Hoeveel signalen ontving het meldpunt in 2025?", "In 2025 ontving het meldpunt 214 signalen.", True),
    ("Hoeveel indicatoren telt het toetsingskader?", "Het toetsingskader bevat zes nieuwe indicatoren.", True),
    ("Hoeveel ziekenhuisnetwerken zijn er gevormd?", "Het kan de efficiëntie alleen maar ten goede komen.", False),
    # only adjectives stand between a count and what it counts
    ("Met hoeveel organisaties doen ze dat?",
     "Met dertien deelnemende maatschappelijke organisaties zet de MOM zich in.", True),
    ("Hoeveel lokale dorpsontmoetingen heeft de gemeente?", "Dit centrum is één van de tien lokale dorpsontmoetingen.",
     True),
    ("Hoeveel partners telt het energienetwerk?",
     "Het netwerk heeft twee regionale werkplaatsen waar partners elkaar fysiek ontmoeten.", False),
    ("Met hoeveel organisaties werkt het netwerk samen?",
     "Stel, één van de partners verkeert in een zware reorganisatie.", False),
    # a share or a percentage counts nobody, unless the question asks for one
    ("Hoeveel huurders heeft de Bond geholpen?", "Eén op de drie huurders leeft onder de armoedegrens.", False),
    ("Welk deel van de huurders leeft onder de armoedegrens?", "Eén op de drie huurders leeft onder de armoedegrens.",
     True),
    ("Hoeveel inwoners telt de wijk?", "De Proeftuin is verankerd bij de 20% kwetsbare inwoners van de wijk.", False),
    # the role or name the question itself names does not answer it
    ("Hoe heet de directeur van Arriva?",
     "Na een gesprek met zijn HR-directeur was de directeur van Arriva om.", False),
    ("Welk bureau heeft de provincie ingeschakeld?", "De provincie stelt voor om een bureau in te schakelen.", False),
    ("Hoe heet de deelnemer die de cursus van Kenis had gevolgd?",
     "Een aanwezige had net de cursus van Patrick Kenis gevolgd.", False),
    ("Wie heeft het onderzoek gedaan?", "Kim Putters werd gevraagd het onderzoek te doen.", True),
    ("Wie betaalt de coördinator?", "De kosten van de coördinator worden gedragen door de gemeente.", True),
    ("Hoeveel geld heeft de gemeente gegeven?", "De gemeente gaf 5.000 euro.", True),
    # a name run that starts with what the question names still holds the answer after it
    ("Wie is de programmaleider van Nieuwe Energie Overijssel?",
     "Programmaleider van Nieuwe Energie Overijssel Gábor Oolthuis geeft toe dat het moeilijk is.", True),
    ("Wie was de promotor van Patrick Kenis?", "Patrick Kenis promoveerde op netwerken.", False),
    # a year in brackets after 'v.a.' is a year, not a list number
    ("Sinds wanneer maken corporaties afspraken met gemeenten over wat ze presteren?",
     "Het gaat van programmatische afspraken met gemeenten (v.a. 1993) naar afspraken met huurders.", True),
    # written-out numbers and durations
    ("Hoeveel stagiairs worden er jaarlijks gekoppeld?",
     "Jaarlijks worden meer dan vijfduizend stagiairs gekoppeld aan de instellingen.", True),
    ("Hoe lang duurde de cursus bij Kenis?", "Een aanwezige had net een driedaagse cursus bij Kenis gevolgd.", True),
    # 'welke twee …': two members joined by 'en'
    ("Welke twee netwerken laten zien hoe verankering bijdraagt aan legitimatie?",
     "Proeftuin Ruwaard in Oss en de MOM in Tilburg laten zien hoe verankering bijdraagt aan legitimatie.",
     True),
])
def test_the_value_must_answer_the_asked_slot(question, sentence, bound):
    from assistant.answer.slots import check
    assert check(analyse(question), sentence).bound is bound


@pytest.mark.parametrize("question, kind", [
    ("Wie moet er eigenlijk de leiding hebben in een wijknetwerk?", "open"),
    ("Met wie moet je praten als je de opgave op papier zet?", "open"),
    ("Voor wie is het magazine geschreven?", "open"),
    ("Waar hoort de besluitvorming te liggen?", "open"),
    ("Waar ligt in de gemeente Peel en Maas de nadruk op?", "open"),
    ("Wie is de directeur van Platform31?", "person"),
    ("Waar is het programmabureau gevestigd?", "place"),
    ("Hoeveel partners hebben geld in het fonds gestopt?", "count"),
    ("Hoeveel geld krijgt het netwerk?", "amount"),
])
def test_who_or_where_should_asks_for_advice_not_for_a_name(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question", [
    "Hoeveel kost de pilot met particuliere verhuurders?",
    "Hoeveel levert het op als een huisuitzetting wordt voorkomen?",
    "Wat gaat een gezamenlijk registratiesysteem kosten?",
    "How much did the municipality pay for the two extra counsellors?",
])
def test_what_something_costs_or_yields_asks_an_amount(question):
    assert analyse(question).kind == "amount"


@pytest.mark.parametrize("question, clause", [
    ("Sinds wanneer bestaat het meldpunt?", "sinds wanneer het meldpunt bestaat"),
    ("Vanaf wanneer doet de gemeente mee?", "vanaf wanneer de gemeente meedoet"),
    ("Tot wanneer loopt de overeenkomst?", "tot wanneer de overeenkomst loopt"),
])
def test_a_preposition_before_the_question_word_stays_with_it(question, clause):
    assert indirect_clause(question) == clause


def test_a_question_the_source_asks_may_be_quoted_but_not_a_heading():
    from assistant.answer.extractive import is_question, is_quotable

    assert is_question("Leidt samenwerking tot onnodige of hoge risico’s?")
    assert is_quotable("Behoort de activiteit tot de eigen kerncompetentie van de organisatie?")
    assert not is_question("Wat nu?")  # too short to say anything
    assert not is_question("Waarom Netwerken Werken?")  # a heading
    assert not is_quotable("Samen doen")


def test_a_sentence_that_leans_back_is_quoted_from_what_it_leans_on():
    from assistant.answer.extractive import lean_start
    from assistant.text.sentences import split_sentences

    text = ("Hoe spreek je een partner aan die zich onvoldoende inzet? Die vraag komt in elk netwerk terug. "
            "Maar het antwoord is lastig.")
    spans = split_sentences(text)
    assert lean_start(text, spans, 1) == 0  # on the question before it
    assert lean_start(text, spans, 2) == 0  # two back: the sentence before leans too
    heading = "Binding\nDie vraag komt in elk netwerk terug."
    assert lean_start(heading, split_sentences(heading), 1) is None  # a heading is no referent
    # three back: 'Of haken partners af …' leans on 'Zónder …', which leans on 'Deze waarde …'
    chain = ("Een netwerk levert waarde voor bewoners. Deze waarde vormt de bestaansgrond van het netwerk. "
             "Zónder zal de maatschappij kritische vragen stellen. Of haken partners af, omdat het niets oplevert.")
    assert lean_start(chain, split_sentences(chain), 3) == 0


def test_a_list_whose_lead_in_leans_back_is_quoted_with_what_it_leans_on():
    """'Maar een effect wordt pas (van) waarde als …:' with its list led an answer on its own,
    starting mid-thought."""
    from types import SimpleNamespace

    from assistant.answer.extractive import ExtractiveGenerator
    from assistant.answer.question import analyse
    from assistant.text.sentences import split_sentences

    text = ("Een netwerk wil een verschil maken. Maar een effect wordt pas waarde als partijen het waarderen:\n"
            "partners van het netwerk zelf, omdat ze beter werken;\n"
            "partijen buiten het netwerk, als vertegenwoordiger van de maatschappij.")
    generator = ExtractiveGenerator(retriever=None)
    q = analyse("Wanneer heeft een effect waarde?")
    units = generator._list_units(q, 0, SimpleNamespace(text=text), 0.8, 1.0, set(),
                                  split_sentences(text), None)
    assert units and all(u.text.startswith("Een netwerk wil een verschil maken.") for u in units)
    alone = text[text.index("Maar"):]
    assert not generator._list_units(q, 0, SimpleNamespace(text=alone), 0.8, 1.0, set(),
                                     split_sentences(alone), None)  # nothing to lean on: no candidate


def test_indexed_words_match_as_same_word_does():
    import random
    from pathlib import Path

    from assistant.answer.question import words
    from assistant.answer.slots import Tokens, same_word

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))[:2])
    vocab = sorted(set(words(text)))
    rng = random.Random(3)
    hits = 0
    for word in rng.sample(vocab, 800):
        near = [t for t in vocab if t != word and (word in t or t in word or t[:5] == word[:5])][:8]
        toks = rng.sample(vocab, 8) + near
        found = Tokens(toks).has(word)
        assert found == any(same_word(word, t) for t in toks), word
        hits += found
    assert hits > 100  # the sample holds compounds and shared stems, not only misses


@pytest.mark.parametrize("question, kind, head", [
    ("Hoe heten de bouwstenen van het Netwerkmozaïek?", "person", "bouwstenen"),  # a list of names
    ("Hoe heet de voorzitter van de alliantie?", "person", ""),
    ("Noem de bouwstenen.", "list", "bouwstenen"),
])
def test_a_question_for_names_knows_what_it_lists(question, kind, head):
    q = analyse(question)
    assert (q.kind, q.head) == (kind, head)


@pytest.mark.parametrize("question, advice", [
    ("Wat doe je als een partner zijn afspraken niet nakomt?", True),
    ("What do we do when the alderman loses interest?", True),
    ("Hoe kunnen we voorkomen dat partners afhaken?", True),
    ("Hoe pakken andere netwerken dat aan?", True),  # the plural verb too
    ("Hoe houden we bewoners betrokken?", True),
    ("Een zorgpartij wil uit ons netwerk stappen. Waar moeten we dan op letten?", True),
    ("Moeten we de samenwerkingsovereenkomst eerst rond hebben?", True),
    ("Should we leave the network?", True),
    ("Where do we start?", True),
    ("Moet een netwerk een rechtspersoon zijn?", False),
    ("Waarom ging een busbedrijf meedoen aan de aanpak van huurschulden?", False),
    ("Welke aanpak werkt het best bij een nieuwe partner?", True),
    ("Waar is het programmabureau gevestigd?", False),
    ("Wat doet de MOM in Tilburg?", False),
    ("Wat is een organisatienetwerk?", False),
])
def test_advice_like_questions_are_told_from_questions_about_the_texts(question, advice):
    assert analyse(question).advice_like is advice


@pytest.mark.parametrize("question, clause", [
    # a noun before a prepositional phrase is no verb: 'denker over …'
    ("Door welke klassieke Duitse denker over ambtelijke apparaten raakte Kenis geboeid?",
     "door welke klassieke Duitse denker over ambtelijke apparaten Kenis geboeid raakte"),
    # 'via', 'volgens' are prepositions too
    ("Hoeveel bewoners hebben via die aanpak werk gevonden?",
     "hoeveel bewoners via die aanpak werk gevonden hebben"),
    ("Welk gedrag is volgens de reizigers belangrijk?", "welk gedrag volgens de reizigers belangrijk is"),
    # a noun before a possessive: the common finite verb after it ('stad zijn de …')
    ("In welke Zwitserse stad zijn de kinderen van Kenis geboren?",
     "in welke Zwitserse stad de kinderen van Kenis geboren zijn"),
    ("Welke burgemeester is voorzitter van de alliantie?", "welke burgemeester voorzitter van de alliantie is"),
    # a form of 'zijn' or 'hebben' is not glued to a particle ('vast is', not 'vastis')
    ("Wat is de hypotheekrente voor tien jaar vast?", "wat de hypotheekrente voor tien jaar vast is"),
    # a modal before its infinitive, which may come first
    ("Welke spanningen kunnen ontstaan tussen publieke en private partners?",
     "welke spanningen kunnen ontstaan tussen publieke en private partners"),
    # no word reads as the verb: no clause (the generic sentence is used) rather than a garbled one
    ("Uit welke drie onderdelen bestond elk werkbezoek van de MKW-reis?", ""),
    ("Tegen welke kwesties loop je aan zodra je in een netwerk zit?", ""),
])
def test_the_verb_is_a_verb_or_there_is_no_clause(question, clause):
    assert indirect_clause(question) == clause


@pytest.mark.parametrize("question,parts", [
    ("Wie zit een lokale alliantie voor, en waarom is daarvoor gekozen?",
     ["Wie zit een lokale alliantie voor?", "waarom is daarvoor gekozen?"]),
    ("Wanneer en waarom stopte het wijknetwerk in Feijenoord?",
     ["Wanneer stopte het wijknetwerk in Feijenoord?", "waarom stopte het wijknetwerk in Feijenoord?"]),
    ("Waar en wanneer behaalde Kenis zijn doctoraat, en waar is hij nu hoogleraar?",
     ["Waar behaalde Kenis zijn doctoraat?", "wanneer behaalde Kenis zijn doctoraat?", "waar is hij nu hoogleraar?"]),
    ("Where does Patrick Kenis work and what does his research focus on?",
     ["Where does Patrick Kenis work?", "what does his research focus on?"]),
    # one question about two things, and questions with no second question
    ("Op welke auteur en welk boek steunt het essay?", ["Op welke auteur en welk boek steunt het essay?"]),
    ("Wat doen gemeente en corporatie samen?", ["Wat doen gemeente en corporatie samen?"]),
    ("Wie en wat?", ["Wie en wat?"]),
])
def test_a_compound_question_splits_into_its_questions(question, parts):
    from assistant.answer.question import split_compound

    assert split_compound(question) == parts


def test_a_compound_question_has_parts_with_their_own_kind_and_one_joined_clause():
    q = analyse("Welk rapportcijfer geeft Ralf Embrechts het netwerk, en waarop baseert hij dat?")
    assert [p.kind for p in q.parts] == ["count", "open"]
    assert q.indirect == "welk rapportcijfer Ralf Embrechts het netwerk geeft en waarop hij dat baseert"
    q = analyse("Wanneer en waarom stopte het wijknetwerk in Feijenoord?")
    assert [p.kind for p in q.parts] == ["date", "reason"]
    assert q.indirect == "wanneer en waarom het wijknetwerk in Feijenoord stopte"
    # an elliptic part is about what the first part is about
    q = analyse("Hoeveel organisaties doen mee aan het Arnhemse netwerk, en waarom zoveel?")
    assert "arnhemse" in q.parts[1].focus and q.parts[1].kind == "reason"
    assert analyse("Hoeveel leden telt de stuurgroep?").parts == ()


@pytest.mark.parametrize("question,clause", [
    ("Met welke initiatieven laat de MOM zien wat het netwerk oplevert?",
     "met welke initiatieven de MOM laat zien wat het netwerk oplevert"),
    ("Wanneer laten deelnemers in een netwerk nieuw gedrag zien?",
     "wanneer deelnemers in een netwerk nieuw gedrag laten zien"),
    # 'je' after the verb needs another verb form: no clause rather than a garbled one
    ("Hoe breed of hoe smal moet je de opgave van een netwerk afbakenen?", ""),
])
def test_laten_goes_before_its_infinitive_and_an_embedded_hoe_stays_behind(question, clause):
    assert indirect_clause(question) == clause


@pytest.mark.parametrize("sentence,bound", [
    ("Met dertien deelnemende maatschappelijke organisaties zet de MOM zich in voor de Tilburger.", True),
    ("Aan de MOM doen zeven partijen mee.", True),
    ("De MOM telt veertien netwerkpartners.", True),
    ("Er zijn drie organisatienetwerken in Tilburg, waaronder de MOM.", False),  # networks, not members
    ("De MOM bestaat al 14 jaar.", False),
])
def test_a_networks_members_go_by_several_names(sentence, bound):
    q = analyse("Hoeveel partners heeft de MOM?")
    assert check(q, sentence).bound is bound


def test_a_word_is_found_as_the_head_of_a_compound_only_where_it_is_the_head():
    """'trekker' ends 'subsidieverstrekkers', but that word is 'subsidie' + 'verstrekkers':
    a question whether a corporation must be the 'trekker' of a network is not about
    subsidy providers. Real heads still count, and so do words without a known split."""
    from assistant.answer.slots import Tokens, same_word

    assert not same_word("trekker", "subsidieverstrekkers")
    assert not same_word("werken", "organisatienetwerken")  # the head is 'netwerken'
    for word, compound in (("corporatie", "woningcorporaties"), ("partner", "netwerkpartners"),
                           ("samenwerking", "netwerksamenwerking"), ("organisatie", "zorgorganisatie"),
                           ("trekker", "trekkersrol"), ("verkenning", "xqzwverkenningen")):
        assert same_word(word, compound), (word, compound)
    assert not Tokens(["er", "zijn", "subsidieverstrekkers"]).has("trekker")
    assert Tokens(["de", "woningcorporaties"]).has("corporatie")


def test_a_purpose_clause_standing_as_a_sentence_leans_on_the_one_before():
    """'Om erachter te komen waarom iets niet kan bij een andere partij.' finishes 'Het is
    nodig om je steeds in te leven in het verhaal van de andere partijen.' and was quoted
    alone in the director's check; a purpose clause with its own main clause stands."""
    from assistant.answer.slots import leans_on_previous

    assert leans_on_previous("Om erachter te komen waarom iets niet kan bij een andere partij.")
    assert leans_on_previous("Om samen te werken.")
    assert not leans_on_previous("Om de opgave goed in beeld te krijgen zijn de relevante partijen twee keer "
                                 "bij elkaar gaan zitten.")
    assert not leans_on_previous("Om dit doel te bereiken, werken de partners samen.")
    assert not leans_on_previous("Om te beginnen is een gezamenlijke opgave nodig.")


def test_a_concept_is_defined_by_a_sentence_that_says_what_it_is():
    """'Wat is praktische legitimatie?' — '… praktische legitimatie, die gestalte krijgt in het
    dagelijks contact …' says what it is; 'Wat is het doel van het meldpunt?' asks for a goal."""
    from assistant.answer.question import concept_term

    assert concept_term("Wat is praktische legitimatie precies?") == "praktische legitimatie"
    assert concept_term("Wat is een wicked problem?") == "wicked problem"
    assert concept_term("Wat is het doel van het meldpunt?") == ""  # a relation
    assert concept_term("Wat is Proeftuin Ruwaard?") == ""  # a name (defined_term)
    q = analyse("Wat is praktische legitimatie?", "nl")
    assert check(q, "Er zijn vier soorten: praktische legitimatie, die gestalte krijgt in het dagelijks "
                    "contact met de inwoner; formele legitimatie.").bound
    assert not check(q, "Praktische legitimatie via professionals in de dagelijkse uitvoering.").bound


@pytest.mark.parametrize(("question", "sentence"), [
    ("Wat is neXus?", "Het centrale thema in neXus (de samenwerking van deze drie MKW-corporaties in Midden-Limburg)."),
    ("Wie is Kim Putters?", "Kim Putters, toen werkzaam voor de Erasmus Universiteit, werd gevraagd te onderzoeken …"),
    ("Wat is de Bossche Bond precies?", "Er is ook een fonds voor huurders in acute financiële nood, de Bossche Bond."),
    ("Wat is de Bossche Bond precies?", "Kijk naar noodfonds de Bossche Bond."),
])
def test_more_sentences_that_say_what_a_name_is(question, sentence):
    assert check(analyse(question, "nl"), sentence).bound


def test_a_name_next_to_another_persons_role_is_not_defined():
    assert not check(analyse("Wat is TNO?", "nl"), "Pepijn Vos, adviseur bij TNO, helpt organisaties.").bound


def test_a_past_participle_meets_the_other_forms_of_its_verb():
    """'Hoe hebben de MKW-bestuurders de verslagen … geanalyseerd?' — '… uit de verslagen
    opgenomen in een grote analysetabel': the 'ge' hid 'analyseren' from the word match."""
    from assistant.answer.slots import holds, participle_stem

    assert participle_stem("geanalyseerd") == "analyseerd" and participle_stem("opgezet") == "opzet"
    assert participle_stem("gezin") == participle_stem("geld") == ""  # too short to be read as one
    assert holds("geanalyseerd", ["analyseren"]) and holds("analyseren", ["geanalyseerd"])
    assert holds("opzetten", ["opgezet"]) and not holds("gezin", ["zingen"])


def test_the_word_that_names_a_source_says_where_to_look_not_what_about():
    """'Wat zegt het magazine over het evalueren van een netwerk?' led with sentences about
    the magazine itself ('Het magazine is bedoeld voor …'), the word its sentences share."""
    asked = analyse("Wat zegt het magazine over het evalueren van een netwerk?")
    assert asked.focus["magazine"] < 0.2 * asked.focus["evalueren"]
    assert analyse("What does the MKW essay recommend instead?", "en").focus["essay"] < 0.1
    # a question about the source itself keeps its word
    assert analyse("Voor wie is het magazine bedoeld?").focus["magazine"] > 0.2
    assert analyse("Wat zegt het magazine?").focus["magazine"] > 0.2  # nothing else to be about


def test_the_listed_noun_is_the_noun_after_welke_unless_an_adjective_stands_before_it():
    """'Welke software gebruiken netwerken …?' was read as asking for 'gebruiken': 'software'
    ends in an -e, as 'grote' and 'sociale' do."""
    assert analyse("Welke software gebruiken netwerken om hun afspraken bij te houden?").head == "software"
    assert analyse("Welke grote partners doen mee?").head == "partners"
    assert analyse("Welke financiële afspraken maken de partners?").head == "afspraken"


def test_the_names_a_question_mentions():
    from assistant.answer.question import names_asked

    assert names_asked("Hoe werkt het Wijknetwerk Noord in Zwolle?") == ["Wijknetwerk", "Noord", "Zwolle"]
    assert names_asked("Wat vindt Kenis' collega van de Arnhemse aanpak?") == ["Kenis"]  # possessive, place adjective
    assert names_asked("Ik lees over netwerken. Wat is de MOM?") == ["MOM"]  # not 'Wat', a sentence's first word
    assert names_asked("How do Dutch housing corporations work with Movisie?", "en") == ["Movisie"]
    assert names_asked("Wat is een netwerk?") == []


def test_the_whole_name_an_unknown_word_stands_in():
    from assistant.answer.question import full_name

    assert full_name("Wat doet Stichting Thuis in de Wijk?", "Stichting") == "Stichting Thuis in de Wijk"
    assert full_name("Hoe werkt het Wijknetwerk Noord in Zwolle?", "Zwolle") == "Zwolle"  # not '… in Zwolle'
    assert full_name("Wat vindt Jan de Vries van netwerken?", "Vries") == "Jan de Vries"
    assert full_name("Wat is Kenis' mening?", "Kenis") == "Kenis"


@pytest.mark.parametrize("question, sentence, share", [
    # the text names the place, the question its adjective
    ("Hoeveel organisaties doen mee aan het netwerk van de Arnhemse kinderarts?",
     "Een kinderarts in Arnhem heeft een netwerk opgezet.", 1.0),
    ("Wie zit er in het dagelijks bestuur van de Zaanse alliantie?",
     "In Zaanstad zitten twee wethouders in het dagelijks bestuur.", 1.0),
    # another place is no match
    ("Hoeveel organisaties doen mee aan het netwerk van de Arnhemse kinderarts?",
     "Een kinderarts in Utrecht heeft een netwerk opgezet.", 0.0),
    # the adjective itself, as the text writes it ('de Bossche Bond')
    ("Wat doet de Bossche Bond?", "De Bossche Bond helpt huurders.", 1.0),
])
def test_a_place_adjective_names_the_place_the_text_names(question, sentence, share):
    from assistant.answer.slots import entity_share, words

    assert entity_share(analyse(question).entities, words(sentence)) == share


def test_a_sum_in_euros_holds_the_money_a_question_asks_for():
    """'Hoeveel geld …' names no noun the text must hold: a sum does ('8.200 euro')."""
    from assistant.answer.slots import MONEY_HEADS, value_positions

    q = analyse("Hoeveel geld ging er in 2025 naar scholing?")
    assert q.kind == "amount" and q.head in MONEY_HEADS
    assert value_positions(q, "Daarvan ging 8.200 euro naar de scholing van de huisbezoekers.")
    assert not value_positions(q, "De scholing van de huisbezoekers kostte veel tijd.")
