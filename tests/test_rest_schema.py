"""Property-based run of the REST API against its own OpenAPI schema (schemathesis): for generated
requests, every read endpoint answers without a server error and as its schema says."""
import schemathesis
from hypothesis import HealthCheck, settings

from realpolitik import Realpolitik, Settings
from realpolitik.serve.rest import create_app


def _app():
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="rp-schema-"))
    (folder / "a.txt").write_text("Published on 4 May 2019.\n\nKazakh troops attacked Kyrgyz border posts near Osh "
                                  "on May 2, 2019, killing 3 guards.", encoding="utf-8")
    corpus = Realpolitik(Settings(db=str(folder / "s.db")))
    corpus.ingest([folder])
    return create_app(corpus)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.include(method="GET").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_read_endpoints_keep_their_contract(case):
    response = case.call()
    assert response.status_code < 500, response.text
    if response.status_code == 200:
        case.validate_response(response)
