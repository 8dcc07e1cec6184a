"""A judged relevance set: Swedish queries as readers type them and the page each must rank in the top 3."""

import pytest

from cms.demo.content import SEED_POST_TITLE
from tests.search.conftest import titles

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

SEED = SEED_POST_TITLE
WORKSHOP = "Workshop om innovationsupphandling i kommunerna"
BEBO_POST = "BeBo och energieffektiva flerbostadshus"
SEMINAR = "Seminarium: dialog före upphandling"
BELOK_POST = "BeLok visar vägen för lokaler med låg energianvändning"
FOUR_S_POST = "4S samlar sjukhusen kring innovativa lösningar"
START = "Så startar ni ett nytt beställarnätverk"
BEBO = "Energimyndighetens beställargrupp för bostäder"
BELOK = "Energimyndighetens beställargrupp för lokaler"
FOUR_S = "Sjukhusens och vårdbyggnadernas beställargrupp"
FOSSIL = "Krav på fossilfria transporter i offentlig upphandling"
PARTNERSHIP = "Innovationspartnerskap steg för steg"
FURNITURE = "Cirkulära möbler i kommunerna"
DIGITAL = "Digitala verktyg för dialog med leverantörer"
FOOD = "Närproducerade livsmedel i skolmaten"
VENTILATION = "Behovsstyrd ventilation sparar energi i operationssalar"
LAW = "Lagändringarna 2022 – det här behöver upphandlare veta"
SOLAR = "Solceller på hyreshusens tak"
IT = "Hållbara it-inköp med sociala krav"
ROADS = "Bestallarsamverkan kring vägunderhåll"

JUDGED = [
    ("erfarenhetsutbyte", SEED),
    ("erfarenhetsdag upphandlingsmyndigheten", SEED),
    ("rundabordssamtal", SEED),
    ("upphandlingsmyndigheten generaldirektör", SEED),
    ("beställarnätverken", SEED),
    ("workshop kommuner", WORKSHOP),
    ("beskriva behov i stället för lösningar", WORKSHOP),
    ("energieffektiva flerbostadshus", BEBO_POST),
    ("teknikupphandlingar", BEBO_POST),
    ("dialog före upphandling", SEMINAR),
    ("lokaler låg energianvändning", BELOK_POST),
    ("totalrenovering", BELOK_POST),
    ("sjukhusen", FOUR_S_POST),
    ("vårdbyggnader", FOUR_S),
    ("vardmiljoer", FOUR_S_POST),
    ("starta beställarnätverk", START),
    ("säkra finansiering", START),
    ("fossilfria transporter", FOSSIL),
    ("biogas", FOSSIL),
    ("innovationspartnerskap", PARTNERSHIP),
    ("immateriella rättigheter", PARTNERSHIP),
    ("trafikverket", PARTNERSHIP),
    ("återbruk möbler", FURNITURE),
    ("cirkular ekonomi", FURNITURE),
    ("marknadsdialog digitalt", DIGITAL),
    ("webbinarier", DIGITAL),
    ("närproducerat", FOOD),
    ("likabehandlingsprincipen", FOOD),
    ("skolmat", FOOD),
    ("ventilation operationssal", VENTILATION),
    ("energibesparing", VENTILATION),
    ("lagändringar", LAW),
    ("tröskelvärden", LAW),
    ("solceller", SOLAR),
    ("solcellsanläggningar", SOLAR),
    ("sociala krav", IT),
    ("uppförandekod", IT),
    ("hallbara it inkop", IT),
    ("vägunderhåll", ROADS),
    ("BeLok", BELOK),
    ("fastighetsägare flerbostadshus", BEBO),
    ("innovationspartnerskp", PARTNERSHIP),
]


def test_the_set_judges_real_pages_and_ranks_them_well(search_corpus):
    """Over the whole set, on the real index: every judged page is one the index holds, the set spreads over many
    pages (so one page that matches everything cannot pass it), and the judged page is usually the first hit."""
    indexed = set(titles(per_page=50))
    assert {expected for _query, expected in JUDGED} <= indexed
    assert len({expected for _query, expected in JUDGED}) >= 15
    assert len({query for query, _expected in JUDGED}) == len(JUDGED) >= 30
    ranks = []
    for query, expected in JUDGED:
        found = titles(query)
        ranks.append(found.index(expected) + 1 if expected in found else None)
    reciprocal = [1 / rank if rank else 0 for rank in ranks]
    assert sum(reciprocal) / len(reciprocal) >= 0.85, list(zip([q for q, _e in JUDGED], ranks))
    assert sum(rank == 1 for rank in ranks) >= 0.75 * len(JUDGED), list(zip([q for q, _e in JUDGED], ranks))


@pytest.mark.parametrize(("query", "expected"), JUDGED, ids=[query for query, _expected in JUDGED])
def test_judged_query_ranks_expected_page_in_top_three(search_corpus, query, expected):
    found = titles(query)
    assert expected in found[:3], f"{query!r}: {found[:5]}"
