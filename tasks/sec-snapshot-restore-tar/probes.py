import io
import os
import tarfile


def _evil_archive(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = data
                tar.addfile(info)


def _try_restore(archive, dest):
    from snapshots.archive import restore_snapshot

    try:
        return restore_snapshot(archive, dest)
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__


def check_restore_rejects_parent_directory_members():
    os.makedirs("w_dotdot/restore")
    _evil_archive("w_dotdot/evil.tar.gz", [
        ("notes.txt", "file", b"harmless\n"),
        ("../../planted.txt", "file", b"owned\n"),
    ])
    _try_restore("w_dotdot/evil.tar.gz", "w_dotdot/restore/target")
    return {"planted": os.path.exists("w_dotdot/planted.txt")
            or os.path.exists("planted.txt")}


def check_restore_rejects_symlink_escape():
    os.makedirs("w_link/outside")
    _evil_archive("w_link/evil.tar.gz", [
        ("data", "symlink", "../outside"),
        ("data/cron.txt", "file", b"* * * * * owned\n"),
    ])
    _try_restore("w_link/evil.tar.gz", "w_link/target")
    return {"planted": os.path.exists("w_link/outside/cron.txt")}


def check_round_trip():
    from snapshots.archive import create_snapshot, list_snapshot, restore_snapshot

    os.makedirs("rt/src/uploads/2024")
    os.makedirs("rt/src/db")
    files = {"uploads/2024/a.png": b"\x89PNG..", "db/state.sqlite": b"SQLite format 3\x00",
             "README": b"data dir\n"}
    for name, data in files.items():
        with open(os.path.join("rt/src", name), "wb") as fh:
            fh.write(data)
    stored = create_snapshot("rt/src", "rt/snap.tar.gz")
    restored = restore_snapshot("rt/snap.tar.gz", "rt/restored/here")
    back = {}
    for name in files:
        with open(os.path.join("rt/restored/here", name), "rb") as fh:
            back[name] = fh.read() == files[name]
    return {"stored": stored, "restored": restored, "same": back,
            "listing": [(e.name, e.size, e.is_dir) for e in list_snapshot("rt/snap.tar.gz")]}


def check_restore_refuses_non_empty_destination():
    from snapshots.archive import create_snapshot

    os.makedirs("ne/src")
    os.makedirs("ne/dest")
    with open("ne/src/a.txt", "w") as fh:
        fh.write("new")
    with open("ne/dest/keep.txt", "w") as fh:
        fh.write("old")
    create_snapshot("ne/src", "ne/snap.tar.gz")
    outcome = _try_restore("ne/snap.tar.gz", "ne/dest")
    empty_ok = _try_restore("ne/snap.tar.gz", "ne/empty")
    with open("ne/dest/keep.txt") as fh:
        kept = fh.read()
    return [outcome, kept, empty_ok, sorted(os.listdir("ne/dest"))]
