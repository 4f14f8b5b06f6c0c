from datetime import timedelta

from settings.durations import format_duration, parse_duration


def test_compact_notation_still_works():
    assert parse_duration("1d 12h") == timedelta(days=1, hours=12)


def test_iso_minutes_after_t():
    assert parse_duration("PT45M") == timedelta(minutes=45)


def test_iso_months_are_rejected():
    try:
        parse_duration("P1M")
    except ValueError:
        return
    raise AssertionError("P1M was accepted")


def test_format_is_canonical_iso():
    assert format_duration(timedelta(days=1, hours=2, minutes=30)) == "P1DT2H30M"
    assert format_duration(timedelta(0)) == "PT0S"
