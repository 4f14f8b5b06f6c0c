def _parse_many(texts):
    from settings.durations import parse_duration

    out = []
    for text in texts:
        try:
            out.append(parse_duration(text).total_seconds())
        except ValueError:
            out.append("ValueError")
    return out


def check_compact_durations():
    return _parse_many(["4h", "1d12h", "90m", "1h 30m", " 45S ", "2d3h4m5s", "0s", "", "h",
                        "30m1h", "1.5h", "-1h"])


def check_iso_durations():
    return _parse_many(["PT4H", "P1DT12H", "PT90M", "P2W", "PT0.25S", "pt5m", "P1W2DT3H4M5,5S",
                        "P1M", "P1Y", "P", "PT", "P1DT", "PT1.5H", "PT5M3", "PT0.0000001S"])


def check_format_round_trip():
    from datetime import timedelta

    from settings.durations import format_duration, parse_duration

    values = [timedelta(0), timedelta(minutes=5), timedelta(hours=36),
              timedelta(days=2, seconds=1), timedelta(seconds=10, microseconds=500000),
              timedelta(microseconds=1), timedelta(weeks=3, hours=1, minutes=1, seconds=59)]
    out = [[format_duration(v), parse_duration(format_duration(v)) == v] for v in values]
    try:
        format_duration(timedelta(seconds=-1))
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out


def check_sla_policies():
    from pathlib import Path

    from settings.sla import load_policies

    Path("sla.ini").write_text(
        "[gold]\nfirst_response = 1h\nresolution = P1D\nescalate_after = PT45M\n\n"
        "[silver]\nfirst_response = PT4H\nresolution = 2d\n", encoding="utf-8")
    policies = load_policies("sla.ini")
    out = [policies[t].describe() for t in sorted(policies)]
    for bad in ("[x]\nfirst_response = 1h\nresolution = 2h\nescalate_after = 2h\n",
                "[x]\nfirst_response = 1h\nresolution = 30m\n",
                "[x]\nfirst_response = 1h\nresolution = 2h\nescalate_after = 0s\n"):
        Path("bad.ini").write_text(bad, encoding="utf-8")
        try:
            load_policies("bad.ini")
            out.append("accepted")
        except ValueError as exc:
            out.append(str(exc))
    return out
