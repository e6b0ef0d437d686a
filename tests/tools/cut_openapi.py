"""Cut an OpenAPI description down to some operations and the components they reference.

    python tests/tools/cut_openapi.py SOURCE.json OUT.json "GET /Items" "POST /Users/AuthenticateByName" ...
    python tests/tools/cut_openapi.py SOURCE.json OUT.json "#/components/schemas/UserDataChangedMessage" ...

(a ``#/components/...`` name keeps that component and its closure: the WebSocket messages are
components no operation refers to)

Keeps ``openapi``, ``info`` (with ``x-cut-from`` naming the source's sha256 and the operations
kept), the named operations (path-level ``parameters`` too) and the closure of every
``#/components/...`` reference reached from them; everything else is left out. The output is
written with sorted keys and an indent of 1, so a re-cut gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            found.add(ref)
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def _get(doc: dict, ref: str) -> Any:
    node: Any = doc
    for raw in ref[2:].split("/"):
        node = node[raw.replace("~1", "/").replace("~0", "~")]
    return node


def cut(spec: dict, operations: list[str]) -> dict:
    out: dict[str, Any] = {"openapi": spec["openapi"], "info": dict(spec.get("info", {})), "paths": {}}
    extra = {w for w in operations if w.startswith("#/components/")}
    for wanted in operations:
        if wanted in extra:
            continue
        method, path = wanted.split(" ", 1)
        item = spec["paths"][path]
        kept = out["paths"].setdefault(path, {k: v for k, v in item.items() if k in ("parameters", "summary")})
        kept[method.lower()] = item[method.lower()]
    components: dict[str, dict] = {}
    todo = _refs(out["paths"]) | extra
    security = spec.get("components", {}).get("securitySchemes")
    if security:
        components["securitySchemes"] = security
    if "security" in spec:
        out["security"] = spec["security"]
    done: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in done:
            continue
        done.add(ref)
        _, _, kind, name = ref.split("/", 3)
        target = _get(spec, ref)
        components.setdefault(kind, {})[name.replace("~1", "/").replace("~0", "~")] = target
        todo |= _refs(target) - done
    out["components"] = {kind: dict(sorted(items.items())) for kind, items in sorted(components.items())}
    return out


def main(argv: list[str]) -> None:
    source, target, *operations = argv
    raw = Path(source).read_bytes()
    spec = json.loads(raw)
    result = cut(spec, operations)
    result["info"]["x-cut-from"] = {"sha256": hashlib.sha256(raw).hexdigest(), "operations": operations}
    Path(target).write_text(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
