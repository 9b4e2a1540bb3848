"""W3C Web Annotation export, validated against every MUST schema of the W3C test suite.

The suite (https://github.com/w3c/web-annotation-tests) lists in its ``*Musts.test`` files
the schemas an annotation, a collection and a page MUST pass.  Its draft-04 schemas refer
to each other by relative ids (``collections.json#/definitions/...``), so every schema is
registered by its ``id`` in a ``referencing`` registry, and formats (``uri``,
``date-time``) are checked, not just annotated.

The suite is not part of the repository: these tests run only when pointed at it
(``GLOSSATOR_W3C_SUITE=PATH`` or ``--w3c-suite=PATH``), and fail if it is not there.
CI points them at ``../shared/w3c-web-annotation-tests``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tui.interchange.w3c import write_w3c
from tui.workspace.layout import Workspace

from ..conftest import W3C_SUITE_OPTION
from .conftest import SPECS, documents

pytestmark = pytest.mark.w3c


@pytest.fixture(scope="module")
def suite(pytestconfig: pytest.Config) -> Path:
    given = pytestconfig.getoption(W3C_SUITE_OPTION)
    assert given, "run with GLOSSATOR_W3C_SUITE=PATH (or --w3c-suite=PATH)"
    path = Path(given)
    assert (path / "annotations" / "annotationMusts.test").is_file(), f"not the W3C test suite: {path}"
    return path


@pytest.fixture(scope="module")
def registry(suite: Path) -> Registry[Any]:
    resources = []
    for folder in ("definitions", "annotations", "collections"):
        for path in sorted((suite / folder).rglob("*.json")):
            schema = _schema(path)
            resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    # Two optional schemas share an id with another; MUST schemas are validated by path below.
    return Registry().with_resources(resources)


def _schema(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def musts(suite: Path, test_file: str) -> list[dict[str, Any]]:
    """The schemas a ``*.test`` file asserts; each of them is a MUST (``assertionType``)."""
    listed = json.loads((suite / test_file).read_text("utf-8"))["assertions"]
    schemas = [_schema(suite / path) for path in listed]
    assert schemas and all(schema["assertionType"] == "must" for schema in schemas)
    assert all(schema.get("expectedResult", "valid") == "valid" for schema in schemas)
    return schemas


def failures(instance: Any, schemas: list[dict[str, Any]], registry: Registry[Any]) -> list[str]:
    found = []
    for schema in schemas:
        validator = Draft4Validator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)
        for error in validator.iter_errors(instance):
            found.append(f"{schema['id']}: {error.message[:200]}")
    return found


def test_every_must_schema_passes_for_collection_page_and_each_annotation(
    hostile: Workspace, suite: Path, registry: Registry[Any]
) -> None:
    chosen, _ = documents(hostile)
    collection = json.loads(write_w3c(chosen))
    page = collection["first"]
    items = page["items"]
    assert len(items) == collection["total"] == len(SPECS) + 1
    assert failures(collection, musts(suite, "collections/collectionMusts.test"), registry) == []
    page_musts = musts(suite, "collections/pages/pageMusts.test")
    assert failures(collection, page_musts, registry) == []  # a collection with its page embedded
    assert failures(page, page_musts, registry) == []
    annotation_musts = musts(suite, "annotations/annotationMusts.test")
    for item in items:
        assert failures(item, annotation_musts, registry) == [], item["id"]


def test_the_schemas_do_catch_a_broken_annotation(
    hostile: Workspace, suite: Path, registry: Registry[Any]
) -> None:
    chosen, _ = documents(hostile)
    item = json.loads(write_w3c(chosen))["first"]["items"][0]
    broken = dict(item, created="22 November 2026", id="not an iri")
    found = failures(broken, musts(suite, "annotations/annotationMusts.test"), registry)
    assert any("3.1-annotationIdValidated" in f for f in found)
    assert any("3.3.1-annotationCreatedValidated" in f for f in found)
