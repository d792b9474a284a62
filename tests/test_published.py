from realpolitik.ingest.published import publication_date


def test_metadata_wins():
    result = publication_date("2020-02-03", "Something happened on May 1, 2019.")
    assert (result.value, result.precision, result.method) == ("2020-02-03", "day", "metadata")


def test_dateline_at_the_top():
    text = "Headline here\n\n12 June 2018\n\nTroops moved on 1 June 2018."
    result = publication_date(None, text)
    assert (result.value, result.method) == ("2018-06-12", "dateline")


def test_place_dateline():
    result = publication_date(None, "BISHKEK, March 4, 2020 - Officials said the base will grow.")
    assert (result.value, result.method) == ("2020-03-04", "dateline")


def test_published_marker_in_the_text():
    text = "Long story about talks held in 2015.\n\nMore text.\n\nPublished on 5 May 2016 by the desk."
    result = publication_date(None, text)
    assert (result.value, result.method) == ("2016-05-05", "explicit")


def test_latest_mentioned_date_is_a_month_not_a_day():
    text = "The city fell on September 28, 2015. Forces returned on October 1, 2015, a year after 2014."
    result = publication_date(None, text)
    assert (result.value, result.precision, result.method) == ("2015-10", "month", "latest-mentioned")


def test_no_date_at_all():
    result = publication_date(None, "No dates in this text at all.")
    assert result.value is None and result.method == "none"
