def check_release_outranks_prerelease():
    from releases.version import Version, latest

    spec_order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                  "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"]
    shuffled = [spec_order[i] for i in (5, 7, 0, 3, 6, 1, 4, 2)]
    pairs = [("1.0.0-rc.1", "1.0.0"), ("2.1.0", "2.1.0-beta"), ("1.9.9", "2.0.0-alpha"),
             ("3.0.0+build.9", "3.0.0-rc.9")]
    return [
        [str(v) for v in sorted(Version.parse(s) for s in shuffled)],
        [Version.parse(a) < Version.parse(b) for a, b in pairs],
        str(latest(["1.0.0-rc.2", "1.0.0", "0.9.0", "1.0.0-rc.10"], include_prereleases=True)),
        str(max(Version.parse(s) for s in ["4.2.0", "4.2.0-rc.3", "4.1.7"])),
    ]


def check_prerelease_identifier_order():
    from releases.version import Version

    texts = ["2.0.0-rc.10", "2.0.0-rc.2", "2.0.0-rc.1.1", "2.0.0-rc", "2.0.0-RC.1",
             "2.0.0-1", "2.0.0-alpha-2", "1.10.0-beta", "1.9.0-beta"]
    return [str(v) for v in sorted(Version.parse(t) for t in texts)]


def check_parse_and_metadata():
    from releases.version import Version

    out = []
    for text in ["v1.4.0-rc.2+build.77", " 0.0.1 ", "10.20.30+exp.sha.5114f85", "1.0.0-0.3.7"]:
        v = Version.parse(text)
        out.append([str(v), list(v.prerelease), list(v.build), v.is_prerelease])
    for bad in ["1.0", "01.0.0", "1.0.0-rc.01", "1.0.0-", "1.0.0+", "1.0.0-rc..1"]:
        try:
            Version.parse(bad)
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    a, b = Version.parse("1.2.3+a"), Version.parse("1.2.3+b")
    out.append([a == b, hash(a) == hash(b), len({a, b})])
    return out


def check_stable_channel_and_bump():
    from releases.version import Version, latest

    versions = ["1.2.0", "1.10.0-beta.1", "1.3.5", "1.3.5+hotfix", "1.3.10-rc.1"]
    out = [str(latest(versions))]
    try:
        latest(["2.0.0-rc.1"])
        out.append("found")
    except ValueError:
        out.append("ValueError")
    v = Version.parse("1.3.0-rc.1+b7")
    out += [str(v.bump(p)) for p in ("major", "minor", "patch")]
    return out
