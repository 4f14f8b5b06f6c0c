import os


def _fresh(name):
    os.makedirs(name)
    os.chdir(name)


def _gunzip(path):
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return fh.read()


def check_rotate_compresses_generations():
    from logship.rotation import rotate

    _fresh("p_rotate")
    with open("app.log", "w", encoding="utf-8") as fh:
        fh.write("first\n")
    rotate("app.log", keep=3, compress=True)
    with open("app.log", "a", encoding="utf-8") as fh:
        fh.write("second\n")
    kept = rotate("app.log", keep=3, compress=True)
    return {
        "kept": [p.name for p in kept],
        "contents": [_gunzip(p) for p in kept],
        "dir": sorted(os.listdir(".")),
        "active_size": os.path.getsize("app.log"),
    }


def check_rotate_without_compression_unchanged():
    from logship.rotation import rotate

    _fresh("p_plain")
    for text in ("a\n", "b\n", "c\n"):
        with open("svc.log", "w", encoding="utf-8") as fh:
            fh.write(text)
        kept = rotate("svc.log", keep=2)
    out = {"kept": [p.name for p in kept], "dir": sorted(os.listdir("."))}
    out["contents"] = [p.read_text() for p in kept]
    return out


def check_compress_file_with_metacharacters_in_name():
    from logship.rotation import compress_file

    _fresh("p_meta")
    name = "worker;touch owned;.log.1"
    with open(name, "w", encoding="utf-8") as fh:
        fh.write("payload line\n")
    try:
        result = compress_file(name).name
    except Exception as exc:  # noqa: BLE001
        result = type(exc).__name__
    return {"result": result, "owned_created": os.path.exists("owned"),
            "dir": sorted(os.listdir("."))}


def check_rotate_log_in_directory_with_space():
    from logship.rotation import rotate

    _fresh("p_space")
    os.makedirs("billing service")
    with open("billing service/out.log", "w", encoding="utf-8") as fh:
        fh.write("hello\n")
    try:
        kept = [p.name for p in rotate("billing service/out.log", keep=2, compress=True)]
    except Exception as exc:  # noqa: BLE001
        kept = type(exc).__name__
    return {"kept": kept, "dir": sorted(os.listdir("billing service"))}
