"""deploy/kubernetes.yaml holds together: what the Services select is what the Deployment
labels, ports line up with the image's, probes hit a path the server answers, affinity is set."""

from __future__ import annotations

from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _documents() -> dict[tuple[str, str], dict]:
    docs = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text()) if d]
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def test_manifest_is_consistent_with_the_image_and_the_server(server_url):
    docs = _documents()
    deployment = docs[("Deployment", "python-env")]
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == labels
    (container,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    dockerfile = (ROOT / "server" / "Dockerfile").read_text()
    assert f"EXPOSE {ports['http']}" in dockerfile
    assert f"useradd --create-home --uid {container['securityContext']['runAsUser']}" \
        in dockerfile
    for probe in ("readinessProbe", "livenessProbe"):
        check = container[probe]["httpGet"]
        assert check["port"] == "http"
        assert httpx.get(server_url + check["path"]).status_code == 200

    service, headless = docs[("Service", "python-env")], docs[("Service", "python-env-pods")]
    for s in (service, headless):
        assert s["spec"]["selector"] == labels
        assert [p["targetPort"] for p in s["spec"]["ports"]] == ["http"]
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    assert headless["spec"]["clusterIP"] == "None"

    ingress = docs[("Ingress", "python-env")]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    (path,) = ingress["spec"]["rules"][0]["http"]["paths"]
    assert path["backend"]["service"]["name"] == "python-env"
