import os


def _site(base):
    files = {
        "static/app.css": b"body{margin:0}",
        "static/js/app.js": b"console.log(1)",
        "static/fonts/inter.woff2": b"wOF2....",
        "static-private/.env": b"DATABASE_URL=postgres://admin:hunter2@db/prod",
        "static_backup/app.css.bak": b"old css",
        "settings.py": b"SECRET = 'x'",
    }
    for name, data in files.items():
        path = os.path.join(base, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
    return os.path.join(base, "static")


def check_sibling_directories_not_served():
    from assets.static import StaticFiles

    static = StaticFiles(_site("w1"))
    out = []
    for name in ("../static-private/.env", "../static_backup/app.css.bak",
                 "/../static-private/.env"):
        resp = static.get(name)
        out.append([resp.status, resp.body.decode()])
    return out


def check_serves_files_under_root():
    from assets.static import StaticFiles

    static = StaticFiles(_site("w2"), max_age=60)
    out = {}
    for name in ("app.css", "js/app.js", "fonts/inter.woff2", "/app.css"):
        resp = static.get(name)
        out[name] = [resp.status, resp.body.decode(), resp.headers.get("Content-Type"),
                     resp.headers.get("Cache-Control"), resp.headers.get("Content-Length")]
    return out


def check_outside_and_missing_refused():
    from assets.static import StaticFiles

    root = _site("w3")
    os.symlink(os.path.abspath("w3/settings.py"), os.path.join(root, "linked.py"))
    static = StaticFiles(root)
    return [[static.get(n).status, static.get(n).body.decode()]
            for n in ("../settings.py", "../../w3/settings.py", "linked.py", "missing.css",
                      "js", "")]


def check_etag_revalidation():
    from assets.static import StaticFiles

    static = StaticFiles(_site("w4"))
    first = static.get("app.css")
    etag = first.headers["ETag"]
    again = static.get("app.css", if_none_match=f'"nope", {etag}')
    stale = static.get("app.css", if_none_match='"nope"')
    other = static.get("js/app.js").headers["ETag"]
    return [etag.startswith('"') and etag.endswith('"'), again.status, again.body,
            again.headers.get("ETag") == etag, stale.status, stale.body.decode(), other != etag]
