"""Check requests and answers against a vendored OpenAPI description (tests/fixtures/specs).

Used by the stand-in servers' conformance tests: what a stand-in answers, and what a client asks,
must follow the published description, not someone's memory of it.

- ``load_spec(name)``: a description from tests/fixtures/specs (``name`` with or without ``.json``/``.yaml``).
- ``operation(spec, method, path)``: the operation for a concrete path (``/UserPlayedItems/abc``
  matches ``/UserPlayedItems/{itemId}``); AssertionError when the description has none.
- ``check_request(spec, method, path, params, body=None)``: every query parameter sent exists in the
  operation (names compared case-insensitively), the required ones are there, enum values are
  among the allowed ones, and a JSON body is valid against the request body's schema.
- ``check_response(spec, method, path, status, body)``: the body is valid against that status's
  ``application/json`` schema.

OpenAPI 3.0 (Jellyfin, Emby): ``nullable: true`` becomes a type list with ``"null"``, validated with
Draft 7. OpenAPI 3.1 (Plex): JSON Schema 2020-12 as it is. ``#/components`` references are resolved
through a ``referencing.Registry`` holding the whole (converted) document. No ``format`` checking
(Jellyfin writes uuids without dashes). ``strict=True`` (the default) adds
``additionalProperties: false`` to object schemas that list ``properties`` (also over an explicit
``true``, as Plex's description has; for an ``allOf`` of
several parts, 2020-12's ``unevaluatedProperties: false`` on the whole instead), so a misspelt field
in a stand-in's payload fails.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7, DRAFT202012

SPECS = Path(__file__).resolve().parent.parent / "fixtures" / "specs"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@cache
def _load(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_spec(name: str) -> dict:
    """The description ``tests/fixtures/specs/<name>`` (``.json``, ``.yaml`` or ``.yml`` may be left off)."""
    for candidate in (name, f"{name}.json", f"{name}.yaml", f"{name}.yml"):
        path = SPECS / candidate
        if path.is_file():
            text = _load(str(path))
            if path.suffix in (".yaml", ".yml"):
                import yaml  # only the YAML descriptions need it

                return yaml.safe_load(text)
            return json.loads(text)
    raise FileNotFoundError(f"no description {name!r} in {SPECS}")


def _is_31(spec: dict) -> bool:
    return str(spec.get("openapi", "")).startswith("3.1")


# -- finding the operation ------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", template)
    pattern = "".join("[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts)
    return re.compile(f"^{pattern}/?$")


def _find_template(spec: dict, method: str, path: str) -> str:
    path = path.split("?", 1)[0]
    method = method.lower()
    matches = []
    for template, item in spec.get("paths", {}).items():
        if method in item and _template_regex(template).match(path):
            matches.append(template)
    if not matches:  # the servers route without regard to case
        for template, item in spec.get("paths", {}).items():
            if method in item and re.match(_template_regex(template).pattern, path, re.IGNORECASE):
                matches.append(template)
    if not matches:
        raise AssertionError(f"{method.upper()} {path}: no such operation in {spec.get('info', {}).get('title')!r}")
    # the most literal template wins: /Users/Me before /Users/{userId}
    matches.sort(key=lambda t: (t.count("{"), -len(t)))
    return matches[0]


def operation(spec: dict, method: str, path: str) -> dict:
    """The operation object for a concrete ``path`` (no query) and ``method``."""
    return spec["paths"][_find_template(spec, method, path)][method.lower()]


def _deref(spec: dict, obj: Any) -> Any:
    seen = 0
    while isinstance(obj, dict) and "$ref" in obj and isinstance(obj["$ref"], str) and obj["$ref"].startswith("#/"):
        obj = _pointer(spec, obj["$ref"][1:])
        seen += 1
        if seen > 50:
            raise AssertionError("reference loop")
    return obj


def _pointer(doc: Any, pointer: str) -> Any:
    for raw in pointer.strip("/").split("/") if pointer.strip("/") else []:
        key = raw.replace("~1", "/").replace("~0", "~")
        doc = doc[int(key)] if isinstance(doc, list) else doc[key]
    return doc


def _parameters(spec: dict, template: str, method: str) -> list[dict]:
    item = spec["paths"][template]
    found: dict[tuple[str, str], dict] = {}
    for raw in list(item.get("parameters", [])) + list(item[method.lower()].get("parameters", [])):
        param = _deref(spec, raw)
        found[(param.get("in", ""), param.get("name", ""))] = param
    return list(found.values())


# -- the schemas, converted once per description --------------------------------------------------


def _convert(node: Any, *, strict: bool, is_31: bool, in_multi_all_of: bool = False) -> Any:
    if isinstance(node, list):
        return [_convert(v, strict=strict, is_31=is_31) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("example", "examples", "xml", "externalDocs", "discriminator") and not isinstance(
            value, list | dict
        ):
            out[key] = value
            continue
        if key == "allOf" and isinstance(value, list) and len(value) > 1:
            out[key] = [_convert(v, strict=strict, is_31=is_31, in_multi_all_of=True) for v in value]
        elif key in ("properties", "patternProperties", "definitions", "$defs", "schemas") and isinstance(value, dict):
            out[key] = {k: _convert(v, strict=strict, is_31=is_31) for k, v in value.items()}
        else:
            out[key] = _convert(value, strict=strict, is_31=is_31)
    if not is_31 and out.get("nullable") is True:
        out.pop("nullable")
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
            if isinstance(out.get("enum"), list) and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        elif kind is None:
            inner = {k: v for k, v in out.items() if k not in ("description", "title", "default")}
            out = {k: v for k, v in out.items() if k in ("description", "title", "default")}
            out["anyOf"] = [inner, {"type": "null"}]
    elif not is_31:
        out.pop("nullable", None)
    open_ = out.get("additionalProperties", True) is True  # absent, or an explicit true: closed when strict
    if strict and isinstance(out.get("properties"), dict) and open_ and not in_multi_all_of:
        if "allOf" in out or "anyOf" in out or "oneOf" in out:
            pass
        else:
            out["additionalProperties"] = False
    if strict and is_31 and isinstance(out.get("allOf"), list) and len(out["allOf"]) > 1:
        out.setdefault("unevaluatedProperties", False)
    return out


def _open_all_of_parts(converted: dict) -> None:
    """A component schema that is one part of an ``allOf`` of several parts must not refuse the other
    parts' properties: there the ``allOf`` refers to an open copy (``<name>__open``); used on its
    own, the schema stays closed."""
    schemas = converted.get("components", {}).get("schemas", {})
    prefix = "#/components/schemas/"

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            parts = node.get("allOf")
            if isinstance(parts, list) and len(parts) > 1:
                for part in parts:
                    ref = part.get("$ref") if isinstance(part, dict) else None
                    if isinstance(ref, str) and ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
                        name = ref[len(prefix) :]
                        if name in schemas and f"{name}__open" not in schemas:
                            opened = dict(schemas[name])
                            if opened.get("additionalProperties") is False:
                                del opened["additionalProperties"]
                            opened.pop("unevaluatedProperties", None)
                            schemas[f"{name}__open"] = opened
                        if f"{name}__open" in schemas:
                            part["$ref"] = f"{prefix}{name}__open"
            for value in list(node.values()):
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(converted)


_URI = "urn:watchtracker:spec"
_prepared: dict[tuple[int, bool], tuple[dict, dict, Any, Registry]] = {}


def _prepare(spec: dict, strict: bool) -> tuple[dict, Any, Registry]:
    key = (id(spec), strict)
    is_31 = _is_31(spec)
    converted = _convert(copy.deepcopy(spec), strict=strict, is_31=is_31)
    if strict:
        _open_all_of_parts(converted)
    resource = Resource.from_contents(converted, default_specification=DRAFT202012 if is_31 else DRAFT7)
    registry: Registry = Registry().with_resource(_URI, resource)
    validator_class = jsonschema.Draft202012Validator if is_31 else jsonschema.Draft7Validator
    _prepared[key] = (spec, converted, validator_class, registry)
    return converted, validator_class, registry


def _cached(spec: dict, strict: bool) -> tuple[dict, Any, Registry]:
    hit = _prepared.get((id(spec), strict))
    if hit is not None and hit[0] is spec:
        return hit[1], hit[2], hit[3]
    return _prepare(spec, strict)


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _validate(spec: dict, pointer: list[str], instance: Any, what: str, strict: bool) -> None:
    converted, validator_class, registry = _cached(spec, strict)
    ref = f"{_URI}#/" + "/".join(_escape(p) for p in pointer)
    validator = validator_class({"$ref": ref}, registry=registry)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        lines = []
        for error in errors[:10]:
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            lines.append(f"  at {where}: {error.message[:300]}")
        raise AssertionError(f"{what} does not follow the description:\n" + "\n".join(lines))


def _json_media(content: dict) -> str | None:
    if "application/json" in content:
        return "application/json"
    for media in content:
        if media.startswith("application/json") or media.endswith("+json"):
            return media
    return None


# -- requests ---------------------------------------------------------------------------------------


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check_value(spec: dict, name: str, schema: dict, value: Any, what: str) -> None:
    schema = _deref(spec, schema or {})
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = _deref(spec, schema["allOf"][0])
    kind = schema.get("type")
    texts = [_as_text(v) for v in value] if isinstance(value, list | tuple) else [_as_text(value)]
    if kind == "array":
        items = _deref(spec, schema.get("items", {}))
        if "allOf" in items and len(items["allOf"]) == 1:
            items = _deref(spec, items["allOf"][0])
        pieces = [piece for text in texts for piece in text.split(",")]
        for piece in pieces:
            _check_scalar(name, items, piece, what)
        return
    for text in texts:
        _check_scalar(name, schema, text, what)


def _check_scalar(name: str, schema: dict, text: str, what: str) -> None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    enum = schema.get("enum")
    if enum is not None:
        allowed = {str(v).lower() for v in enum if v is not None}
        assert text.lower() in allowed, f"{what}: {name}={text!r} is not one of the allowed values"
    if kind == "boolean":
        assert text.lower() in ("true", "false"), f"{what}: {name}={text!r} is not a boolean"
    elif kind == "integer":
        assert re.fullmatch(r"-?\d+", text), f"{what}: {name}={text!r} is not an integer"
    elif kind == "number":
        try:
            float(text)
        except ValueError:
            raise AssertionError(f"{what}: {name}={text!r} is not a number") from None


def check_request(spec: dict, method: str, path: str, params: dict, body: Any = None, *, strict: bool = True) -> None:
    """The request ``method path?params`` (+ JSON ``body``) is one the description allows."""
    template = _find_template(spec, method, path)
    what = f"{method.upper()} {path}"
    declared = {
        p["name"].lower(): p for p in _parameters(spec, template, method) if p.get("in") == "query" and "name" in p
    }
    sent = {str(k).lower(): v for k, v in (params or {}).items()}
    for name, value in sent.items():
        assert name in declared, f"{what}: query parameter {name!r} is not in the description ({template})"
        _check_value(spec, declared[name]["name"], declared[name].get("schema", {}), value, what)
    for name, param in declared.items():
        if param.get("required"):
            assert name in sent, f"{what}: required query parameter {param['name']!r} was not sent"
    op = spec["paths"][template][method.lower()]
    request_body = _deref(spec, op.get("requestBody")) if op.get("requestBody") else None
    if body is None:
        if request_body and request_body.get("required"):
            raise AssertionError(f"{what}: the description requires a request body")
        return
    assert request_body, f"{what}: the description takes no request body"
    content = request_body.get("content", {})
    media = _json_media(content)
    assert media, f"{what}: the description takes no JSON body"
    pointer = ["paths", template, method.lower(), "requestBody", "content", media, "schema"]
    if "$ref" in op["requestBody"]:
        pointer = [*op["requestBody"]["$ref"][2:].split("/"), "content", media, "schema"]
        pointer = [p.replace("~1", "/").replace("~0", "~") for p in pointer]
    _validate(spec, pointer, body, f"{what} request body", strict)


# -- answers ------------------------------------------------------------------------------------------


def check_response(spec: dict, method: str, path: str, status: int, body: Any, *, strict: bool = True) -> None:
    """The answer ``status`` + JSON ``body`` to ``method path`` is one the description allows."""
    template = _find_template(spec, method, path)
    what = f"{method.upper()} {path} → {status}"
    responses = spec["paths"][template][method.lower()].get("responses", {})
    code = str(status)
    key = code if code in responses else f"{code[0]}XX" if f"{code[0]}XX" in responses else None
    if key is None and "default" in responses:
        key = "default"
    assert key is not None, f"{what}: the description has no such answer ({sorted(responses)})"
    raw = responses[key]
    pointer = ["paths", template, method.lower(), "responses", key]
    if isinstance(raw, dict) and "$ref" in raw:
        pointer = [p.replace("~1", "/").replace("~0", "~") for p in raw["$ref"][2:].split("/")]
    response = _deref(spec, raw)
    content = response.get("content") or {}
    media = _json_media(content)
    if media is None or "schema" not in content[media]:
        assert body is None, f"{what}: the description has no JSON body for this answer"
        return
    _validate(spec, [*pointer, "content", media, "schema"], body, f"{what} answer", strict)


def check_component(spec: dict, name: str, instance: Any, *, strict: bool = True) -> None:
    """``instance`` valid against ``#/components/schemas/<name>`` (a WebSocket message, say)."""
    _validate(spec, ["components", "schemas", name], instance, f"a {name}", strict)
