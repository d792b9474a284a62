from datetime import date

from realpolitik.dates import day_span, find_dates, names_an_era, parse_iso_like, resolve_in_sentence


def found(text):
    return [(text[d.start:d.end], d.iso, d.precision) for d in find_dates(text)]


def test_explicit_dates_keep_their_precision():
    assert found("Talks on March 3, 2019 and 14 July 2020, then in May 2021 and in 2022.") == [
        ("March 3, 2019", "2019-03-03", "day"),
        ("14 July 2020", "2020-07-14", "day"),
        ("May 2021", "2021-05", "month"),
        ("2022", "2022", "year"),
    ]


def test_abbreviated_months_ordinals_and_day_ranges():
    assert found("Sep. 9, 2001") == [("Sep. 9, 2001", "2001-09-09", "day")]
    assert found("Friday 4th March 2016")[0][1] == "2016-03-04"
    assert found("drills between June 2 and 6, 2018")[0][1] == "2018-06-06"


def test_numbers_and_measures_are_not_years():
    assert found("a 1344-km border, 2,500 troops, 1,900 people and 2000s") == []


def test_impossible_dates_are_ignored():
    assert found("February 30, 2020") == [("2020", "2020", "year")]


def test_metadata_values():
    assert parse_iso_like("2023-10-12T16:30:00+06:00") == ("2023-10-12", "day")
    assert parse_iso_like("2019-07") == ("2019-07", "month")
    assert parse_iso_like("12 October 2023") == ("2023-10-12", "day")
    assert parse_iso_like("3 days ago") is None
    assert parse_iso_like("nonsense") is None


def test_a_date_of_any_precision_spans_the_days_it_can_mean():
    assert day_span("2016") == (date(2016, 1, 1), date(2016, 12, 31))
    assert day_span("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert day_span("2016-12") == (date(2016, 12, 1), date(2016, 12, 31))
    assert day_span("2016-02-30") is None and day_span(None) is None


def test_a_past_era_named_without_a_year():
    for text in ("In Soviet times the border had 20 posts.", "During the 1990s the valley was cut off.",
                 "In the Obama era, supplies went north.", "Under the early Karimov period, trade fell."):
        assert names_an_era(text), text
    for text in ("Ties have been close since Soviet times.", "In recent years trade grew.",
                 "In the coming period, talks resume.", "In 2015 the posts were attacked."):
        assert not names_an_era(text), text


def test_a_year_after_first_time_since_or_a_superlative_is_a_yardstick_not_a_date():
    from realpolitik.dates import resolve_in_sentence

    for text in ("It was the first time since 1989 that Kazakh soldiers died abroad.",
                 "It was the deadliest attack in Kyrgyzstan since 2010."):
        assert resolve_in_sentence(text, "2024-04") is None, text
    assert resolve_in_sentence("Uzbek troops have guarded the pass since 2015.", "2024-04").value == "2015"
    assert resolve_in_sentence("The largest drill was held in 2019.", "2024-04").value == "2019"


def test_so_long_ago_counts_back_from_the_time_of_writing():
    assert resolve_in_sentence("Since seizing the port a year ago, the rebels have taxed trade.", "2022-07-31").value == "2021"
    assert resolve_in_sentence("Two months ago the envoy left.", "2022-01-15").value == "2021-11"
    assert resolve_in_sentence("The border closed three days ago.", "2022-03-10").value == "2022-03-07"
