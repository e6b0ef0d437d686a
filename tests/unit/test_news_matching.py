"""The news matcher, pattern family by pattern family (issue 14): title variants, another network's
or country's show of the same title, franchise mates, people, names said in passing, and the decoys
that must stay decoys. The examples are written here, not taken from the labelled sets."""

from __future__ import annotations

import time

import pytest

from watchtracker.services.news import Followed, NewsMatcher

LIBRARY = [
    Followed(1, "Star Trek: Strange New Worlds", franchise="Star Trek", network="Paramount+"),
    Followed(2, "Law & Order", franchise="Law & Order", network="NBC"),
    Followed(3, "Law & Order: Special Victims Unit", franchise="Law & Order", network="NBC"),
    Followed(4, "Only Murders in the Building", names=("Mabel Mora",), network="Hulu"),
    Followed(5, "The Last of Us", network="HBO"),
    Followed(6, "Shrinking", network="Apple TV+"),
    Followed(7, "Daredevil: Born Again", network="Disney+"),
    Followed(8, "Paradise", network="Hulu"),
    Followed(9, "NCIS", franchise="NCIS", network="CBS"),
    Followed(10, "Chicago Fire", franchise="One Chicago", network="NBC"),
    Followed(11, "Chicago P.D.", franchise="One Chicago", network="NBC"),
    Followed(12, "The Traitors", network="BBC One"),
    Followed(13, "Taskmaster", network="Channel 4"),
    Followed(14, "Ghosts", network="CBS"),
    Followed(15, "The Office", network="NBC"),
    Followed(16, "Rivals", network="Disney+", country="GB"),
    Followed(17, "House of the Dragon", franchise="Game of Thrones", network="HBO"),
    Followed(18, "A Knight of the Seven Kingdoms", franchise="Game of Thrones", network="HBO"),
    Followed(19, "Bosch: Legacy", network="Freevee", people=("Titus Welliver", "Madison Lintz")),
    Followed(20, "Matlock", network="CBS", people=("Kathy Bates",)),
    Followed(21, "Death in Paradise", network="BBC One"),
    Followed(22, "Severance", network="Apple TV+", people=("Adam Scott",)),
    Followed(23, "Slow Horses", network="Apple TV+", people=("Gary Oldman",)),
    Followed(24, "Industry", network="HBO"),
    Followed(25, "The Crown", network="Netflix"),
    Followed(26, "Fargo", network="FX"),
    Followed(27, "Bosch", network="Prime Video", people=("Titus Welliver",)),
    Followed(28, "The Night Manager", network="BBC One"),
]


@pytest.fixture(scope="module")
def matcher():
    return NewsMatcher(LIBRARY)


def ids(matches):
    return sorted(m.series_id for m in matches)


# -- title variants ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline, summary, series",
    [
        # a leading "The" dropped
        ("Last of Us Season 3 Lands January 2027 Premiere", "Bella Ramsey returns.", [5]),
        # the initials of a subtitle, alone and after the main title ("&" or "and")
        ("NBC Renews ‘SVU’ for Season 28", "", [3]),
        ("Law and Order: SVU Sets Its Fall Premiere", "", [3]),
        # the initials of a long title
        ("OMITB Season 5 Trailer Teases a New Murder", "", [4]),
        # a distinctive subtitle on its own; a two-word one needs a title's context (quotes)
        ("‘Strange New Worlds’ Season 4 Sets Its Date", "", [1]),
        ("‘Born Again’ Season 2 Trailer: Matt Murdock Is Back", "", [7]),
        # a long title shortened
        ("Hulu Brings Back ‘Only Murders’ for a Sixth Season", "", [4]),
        # "Title 5": a one-word title and its season number
        ("Shrinking 3 Is Coming, and Everyone Is Thrilled", "The comedy returns in January.", [6]),
    ],
)
def test_title_variants_are_recognised(matcher, headline, summary, series):
    assert ids(matcher.match(headline, summary)) == series


def test_a_variant_says_which_title_it_stands_for(matcher):
    (got,) = matcher.match("Hulu Brings Back ‘Only Murders’ for a Sixth Season")
    assert got.reason == "‘Only Murders’ (for Only Murders in the Building) is in the headline"


@pytest.mark.parametrize(
    "headline, summary",
    [
        # initials only count in capitals
        ("The svu of the city police is short of detectives", ""),
        # a subtitle or a short form made of common words, used as words
        ("Born Again: How a Town Rebuilt After the Flood", ""),
        ("Only murders count in the new crime statistics", ""),
        ("Astronomers Find Strange New Worlds Beyond Neptune", "The telescope spotted three planets."),
    ],
)
def test_a_variant_made_of_common_words_needs_a_titles_context(matcher, headline, summary):
    assert matcher.match(headline, summary) == []


@pytest.mark.parametrize(
    "headline, summary",
    [
        # the title inside a longer name: quoted, or joined to capitalised words in sentence case,
        # or to a word that names a body or a place
        ("‘Beyond Paradise’ Axed After Four Series", ""),
        ("‘The Paradise’ Reboot in the Works at the BBC", ""),
        ("‘NCIS: Origins’ Renewed for Season 3", ""),
        ("Return to Paradise series 2 confirmed", "Filming starts in Australia."),
        ("Chicago Fire FC Signs Designated Player Ahead of MLS Season", ""),
        ("The Crown Prosecution Service Drops Case Against Reality TV Star", ""),
    ],
)
def test_the_title_inside_a_longer_name_is_another_name(matcher, headline, summary):
    assert matcher.match(headline, summary) == []


def test_a_longer_name_that_is_a_new_series_of_a_followed_one_is_its_spin_off(matcher):
    got = matcher.match(
        "Dick Wolf Sets ‘Law & Order: Cold Case’ at NBC", "The latest offshoot follows a cold-case unit."
    )
    assert ids(got) == [2]
    summary = "Spin-offs Beyond Paradise and Return to Paradise are unaffected."
    assert ids(matcher.match("Death in Paradise to end after 16 series, BBC announces", summary)) == [21]


# -- another network's or another country's show of the same title --------------------------------


@pytest.mark.parametrize(
    "headline, summary",
    [
        # the other network is the subject of the verb
        ("Peacock Renews ‘The Traitors’ for Season 5", "Alan Cumming returns to host."),
        ("Disney+ Hotstar Renews ‘The Night Manager’ for Season 2", ""),
        # the title carries another country
        ("‘Taskmaster’ US Revival Lands at Comedy Central", "The American version will be hosted by Reggie Watts."),
        ("The Traitors Australia axed after three seasons", ""),
        ("Prime Video’s Australian ‘The Office’ Won’t Return for Season 2", ""),
        ("‘Rivals’ US Remake Ordered at Peacock", ""),
    ],
)
def test_another_networks_or_countrys_show_is_not_ours(matcher, headline, summary):
    assert matcher.match(headline, summary) == []


@pytest.mark.parametrize(
    "headline, series",
    [
        ("BBC Renews ‘The Traitors’ for Series 4", [12]),
        ("Channel 4 Orders Two More Series of ‘Taskmaster’", [13]),
        ("BBC One Orders a Third Season of ‘The Night Manager’", [28]),
        ("Ghosts US: CBS sets season 6 return for October", [14]),  # its own country
        ("Peacock Brings Back ‘The Office’ Cast for a Reunion", [15]),  # NBC's group
    ],
)
def test_its_own_network_or_country_stays_ours(matcher, headline, series):
    assert ids(matcher.match(headline)) == series


# -- franchise mates -------------------------------------------------------------------------------


def test_an_item_about_one_member_is_not_about_its_franchise_mates(matcher):
    got = matcher.match(
        "‘Chicago Fire’ Spinoff Following Firehouse 51’s Paramedics Ordered by NBC",
        "The fourth One Chicago series is eyed for the 2027-28 season.",
    )
    assert ids(got) == [10]
    got = matcher.match(
        "‘A Knight of the Seven Kingdoms’ Premieres January 18 on HBO",
        "The Game of Thrones spinoff follows Ser Duncan the Tall and his squire Egg.",
    )
    assert ids(got) == [18]


def test_an_item_about_the_franchise_is_about_every_member(matcher):
    assert ids(matcher.match("HBO Eyes Another Game of Thrones Prequel About Aegon’s Conquest")) == [17, 18]
    got = matcher.match(
        "NBC Expands the One Chicago Universe With a Fourth Series", "‘Chicago Fire’ stays on Wednesdays."
    )
    assert ids(got) == [10, 11]


# -- people ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline, summary, series",
    [
        ("Final Season Premieres March 27", "Madison Lintz's cop drama returns for its last run.", [19]),
        ("Kathy Bates’ legal drama recasts Olympia ahead of season 2", "", [20]),
        ("Apple TV+ Hands Gary Oldman’s Spy Drama Another Season", "", [23]),
        ("Mabel Mora’s 1980s-set comedy mystery is back", "", [4]),  # a character's, too
    ],
)
def test_an_actors_possessive_and_a_genre_noun_name_the_series(matcher, headline, summary, series):
    assert ids(matcher.match(headline, summary)) == series


def test_an_actor_of_two_series_with_nothing_else_names_neither(matcher):
    assert matcher.match("Titus Welliver’s detective drama wins a ratings award") == []
    got = matcher.match("‘Bosch: Legacy’ Final Season Premieres", "Titus Welliver's detective drama returns.")
    assert ids(got) == [19]


@pytest.mark.parametrize(
    "headline",
    ["Kathy Bates’ new film is a hit at Venice", "Kathy Bates’ new legal drama lands at Netflix"],
)
def test_an_actors_possessive_without_a_genre_noun_or_before_another_show_is_not_a_match(matcher, headline):
    assert matcher.match(headline) == []


def test_the_titles_possessive_before_a_persons_name_is_its_cast(matcher):
    assert ids(matcher.match("Death in Paradise’s Don Gilet: ‘I never expected to stay this long’")) == [21]
    assert ids(matcher.match("Severance’s Britt Lower on Helly’s Big Choice")) == [22]
    assert matcher.match("Nicole Kidman on ‘Lioness’ and the Industry’s Ageism Problem") == []


# -- names said in passing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline, summary",
    [
        ("From the Team Behind ‘The Traitors’: BBC Orders Heist Game Show ‘The Vault’", ""),
        ("‘Severance’ Star Adam Scott Cast in Marvel’s ‘Nova’", ""),
        ("‘Shrinking’ Costar Ali Larter on Her New Hallmark Movie", ""),
        ("Pedro Pascal Boards Western From ‘Fargo’ Writer", ""),
        ("Stars of ‘Slow Horses’ and ‘Industry’ Lead ITV’s New Crime Drama", ""),
        ("‘Sheriff Country’ Renewed for Season 2 at CBS", "The Chicago Fire spinoff stars Morena Baccarin."),
        ("‘Vought Rising’ Wraps Filming in Toronto", "The prequel to NCIS is expected in 2027."),
    ],
)
def test_a_series_named_in_passing_is_not_what_the_item_is_about(matcher, headline, summary):
    assert matcher.match(headline, summary) == []


def test_a_credit_about_the_series_itself_still_counts(matcher):
    assert ids(matcher.match("‘Severance’ Star Adam Scott Teases Season 3")) == [22]
    # a spin-off order names its parent, whatever the summary calls it
    got = matcher.match("NBC Orders ‘Sheriff Country’", "The Chicago Fire spinoff stars Morena Baccarin.")
    assert ids(got) == [10]


# -- lists -----------------------------------------------------------------------------------------


def test_a_weak_title_in_a_list_of_titles_counts(matcher):
    got = matcher.match(
        "TV shows renewed in 2026", "Meanwhile Ghosts, Death in Paradise and Rivals have all been renewed."
    )
    assert ids(got) == [14, 16, 21]


# -- the decoys that pass today ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline, summary",
    [
        ("Severance pay rules change in April", "Workers laid off will get more."),
        ("Fargo police investigate downtown break-in", ""),
        ("Where Are They From? A Guide to Accents", ""),
        ("Shrinking glaciers worry scientists", ""),
        ("Paradise Valley resort reopens after storm", ""),
        ("The ghosts of Halloween past", "A history of haunted houses."),
    ],
)
def test_common_words_and_places_stay_decoys(matcher, headline, summary):
    assert matcher.match(headline, summary) == []


# -- speed -----------------------------------------------------------------------------------------


def test_matching_stays_cheap_for_a_big_library():
    followed = [Followed(i, f"Harbour Lights {i}", names=(f"Ana Voss{i}",), network="Netflix") for i in range(2000)]
    followed += LIBRARY
    matcher = NewsMatcher(followed)
    items = [
        ("Peacock Renews ‘The Traitors’ for Season 5", "The US version returns with Alan Cumming."),
        ("‘Beyond Paradise’ Axed After Four Series", "The Death in Paradise spin-off will not return."),
        ("Titus Welliver's detective drama returns", "The Bosch: Legacy final season premieres March 27."),
    ] * 100
    start = time.perf_counter()
    for headline, summary in items:
        matcher.match(headline, summary)
    per_item = (time.perf_counter() - start) / len(items)
    assert per_item < 0.002, f"{per_item * 1e6:.0f} µs per item"
