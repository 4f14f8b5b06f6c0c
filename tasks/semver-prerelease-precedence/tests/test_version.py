from releases.version import Version, latest


def test_parse_prerelease_and_build():
    v = Version.parse("1.4.0-rc.2+build.77")
    assert (v.major, v.minor, v.patch) == (1, 4, 0)
    assert v.prerelease == ("rc", "2")
    assert v.build == ("build", "77")
    assert str(v) == "1.4.0-rc.2+build.77"


def test_numeric_identifiers_compare_numerically():
    assert Version.parse("1.0.0-beta.2") < Version.parse("1.0.0-beta.11")


def test_build_metadata_is_ignored():
    assert Version.parse("1.0.0+a") == Version.parse("1.0.0+b")


def test_stable_channel_skips_prereleases():
    assert str(latest(["1.1.0", "1.2.0-beta.1", "1.0.3"])) == "1.1.0"
