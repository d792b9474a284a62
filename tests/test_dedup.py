from realpolitik.ingest import dedup

BASE = ("Russian and Tajik troops held joint exercises near the Afghan border this week, "
        "with about two thousand soldiers taking part in drills that lasted five days, officials said. "
        "The exercises were the largest in the region this year and followed talks in Dushanbe.")


def test_syndicated_copy_is_near_identical_and_other_text_is_not():
    copy = BASE.replace("officials said", "officials told reporters") + " Reprinted by a partner site."
    other = "An entirely different story about wheat prices and fuel deliveries to Kabul from the north."
    assert dedup.similarity(dedup.signature(BASE), dedup.signature(copy)) >= 0.6
    assert dedup.similarity(dedup.signature(BASE), dedup.signature(other)) < 0.2


def test_signatures_round_trip_and_share_bands_when_identical():
    sig = dedup.signature(BASE)
    assert (dedup.from_bytes(dedup.to_bytes(sig)) == sig).all()
    assert dedup.band_keys(sig) == dedup.band_keys(dedup.signature(BASE))
    assert len(dedup.band_keys(sig)) == dedup.BANDS
