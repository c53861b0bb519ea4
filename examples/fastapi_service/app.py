"""An example backend: loads errcat's catalog at run time and answers each error in its API's own convention.

Run it from the repository root (ERRCAT_CATALOG defaults to the repository's catalog/):

    ERRCAT_SITE_URL=https://errors.example.com/ uvicorn --factory examples.fastapi_service.app:create_app

``GET /<api>/errors/<code>?<param>=<value>`` raises that code, as a route handler would with
``raise ApiError("assistant", "TODO_TITLE_REQUIRED", field="title")``. One exception handler turns
it into the response the catalog documents: the code's HTTP status, the API's content type and
envelope (filled by errcat.envelope.example_response, the same function that renders the example
on the code's page, so the two cannot drift), and the link to the code's page from
errcat.links.doc_url: in the envelope field the API names (doc_url_field, e.g. the assistant API's
``doc_url`` extension member) and, for every API, in a ``Link: <url>; rel="help"`` header.

Problem details (the assistant API) follow RFC 9457: ``type`` is the code's canonical problem type
(the catalog's problem_type_base, never this environment's site URL, never with params), ``title``
the code's own title and ``instance`` the path of the request being answered.

With ``ERRCAT_EXAMPLE_FAULTS=1`` (or ``create_app(faults=True)``) the service also answers three
deliberately wrong routes, ``GET /faults/<api>/<code>/{wrong-status,unknown-code,no-link}``, so
that ``errcat conformance`` can be seen (and tested) catching each mistake.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from errcat import Catalog, load_catalog
from errcat import envelope, links

CATALOG_ENV = "ERRCAT_CATALOG"
FAULTS_ENV = "ERRCAT_EXAMPLE_FAULTS"
DEFAULT_CATALOG = Path(__file__).resolve().parents[2] / "catalog"


class ApiError(Exception):
    """An error a handler raises: a catalog code and the values of its declared params."""

    def __init__(self, api: str, code: str, **params: Any) -> None:
        super().__init__(f"{api} {code}")
        self.api, self.code, self.params = api, code, params


def error_response(catalog: Catalog, error: ApiError, site_url: str, instance: str) -> JSONResponse:
    """The response the catalog documents for ``error``; 404 for a code it does not have, 400 for bad params.

    ``instance`` identifies the occurrence: the path of the request being answered.
    """
    api = catalog.apis.get(error.api)
    code = api.codes.get(error.code) if api else None
    if api is None or code is None:
        return JSONResponse({"detail": f"no code {error.code!r} in API {error.api!r}"}, status_code=404)
    try:
        url = links.link(api, code.code, error.params, site_url)
    except links.LinkError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    body = envelope.example_response(api, code, url, error.params, instance)
    return JSONResponse(
        body,
        status_code=code.http_status,
        media_type=api.convention_of(code).content_type,
        headers={links.LINK_HEADER: links.link_header(url)},
    )


def faulty_response(catalog: Catalog, error: ApiError, site_url: str, instance: str, fault: str) -> JSONResponse:
    """The documented response for ``error`` with one deliberate mistake: what conformance checks must catch."""
    right = error_response(catalog, error, site_url, instance)
    api = catalog.apis.get(error.api)
    if right.status_code in (400, 404) and (api is None or error.code not in api.codes):
        return right
    conv = api.convention_of(api.codes[error.code])
    body = json.loads(right.body)
    headers = {links.LINK_HEADER: right.headers[links.LINK_HEADER]}
    status = right.status_code
    if fault == "wrong-status":
        status = 400 if status != 400 else 422
    elif fault == "unknown-code":
        _put(body, conv.code_path, 999999 if conv.code_type == "integer" else "NOT_IN_THE_CATALOG")
    elif fault == "no-link":
        headers = {}
        if conv.doc_url_field:
            _put(body, conv.doc_url_field, None, remove=True)
    return JSONResponse(body, status_code=status, media_type=conv.content_type, headers=headers)


def _put(body: dict[str, Any], path: str, value: Any, remove: bool = False) -> None:
    *parents, last = path.split(".")
    for part in parents:
        body = body[part]
    if remove:
        body.pop(last, None)
    else:
        body[last] = value


def create_app(catalog_root: Path | None = None, site_url: str | None = None, faults: bool | None = None) -> FastAPI:
    """The service; the catalog and site URL default to $ERRCAT_CATALOG and $ERRCAT_SITE_URL.

    ``faults`` (default: $ERRCAT_EXAMPLE_FAULTS is 1) adds the deliberately wrong routes under /faults/.

    Both are checked here, at startup: a catalog error or a bad site URL stops the service before it
    answers anything.
    """
    catalog = load_catalog(catalog_root or Path(os.environ.get(CATALOG_ENV) or DEFAULT_CATALOG))
    base = links.resolve_site_url(site_url)
    app = FastAPI(title="errcat example service")

    @app.exception_handler(ApiError)
    async def answer(request: Request, error: ApiError) -> JSONResponse:
        return error_response(catalog, error, base, request.url.path)

    @app.get("/healthz")
    async def healthz() -> dict[str, int]:
        return {"apis": len(catalog.apis), "codes": catalog.code_count()}

    @app.get("/{api}/errors/{code}")
    async def fail(api: str, code: str, request: Request) -> None:
        raise ApiError(api, code, **dict(request.query_params))

    if faults if faults is not None else os.environ.get(FAULTS_ENV) == "1":

        @app.get("/faults/{api}/{code}/{fault}")
        async def fault(api: str, code: str, fault: Literal["wrong-status", "unknown-code", "no-link"], request: Request) -> JSONResponse:
            error = ApiError(api, code, **dict(request.query_params))
            return faulty_response(catalog, error, base, request.url.path, fault)

    return app
