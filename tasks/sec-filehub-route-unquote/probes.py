import os

SECRET = b"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG"


def _app(base):
    from filehub.handlers import make_app
    from filehub.storage import Storage

    storage = Storage(os.path.join(base, "shared"))
    storage.save("report.txt", b"Q3 numbers")
    storage.save("Quarterly Report.txt", b"spaces are fine")
    storage.save("\u20ac-rates.csv", "EUR,1.0\n".encode())
    with open(os.path.join(base, "credentials"), "wb") as fh:
        fh.write(SECRET)
    os.makedirs(os.path.join(base, "other-team"), exist_ok=True)
    with open(os.path.join(base, "other-team", "plan.txt"), "wb") as fh:
        fh.write(SECRET)
    return make_app(storage)


def check_encoded_separators_do_not_escape_storage():
    app = _app("w_escape")
    targets = ["/files/..%2Fcredentials", "/files/%2E%2E%2Fcredentials",
               "/files/..%2fother-team%2fplan.txt", "/files/%2e%2e%2F..%2Fw_escape%2Fcredentials"]
    return [app.dispatch(t).body == SECRET for t in targets]


def check_absolute_path_after_decoding():
    app = _app("w_abs")
    target = "/files/" + "%2F".join(["", *os.path.abspath("w_abs/credentials").split("/")[1:]])
    resp = app.dispatch(target)
    return {"leaked": resp.body == SECRET}


def check_percent_encoded_names_download():
    app = _app("w_names")
    out = {}
    for target in ("/files/report.txt", "/files/Quarterly%20Report.txt",
                   "/files/%E2%82%AC-rates.csv", "/files/report.txt?download=1"):
        resp = app.dispatch(target)
        out[target] = [resp.status, resp.body.decode(), resp.headers.get("Content-Disposition")]
    return out


def check_refusals_unchanged():
    app = _app("w_refuse")
    out = []
    for target in ("/files/../credentials", "/files/./report.txt", "/files/missing.txt",
                   "/files/a\\b", "/nope", "/files/", "/files/%ff%fe"):
        resp = app.dispatch(target)
        out.append([target, resp.status, resp.body == SECRET])
    listing = app.dispatch("/files")
    out.append([listing.status, listing.body.decode()])
    return out
