"""Cut the Plex and Kodi API descriptions down to what watchtracker's clients use (run once, by hand).

    python tests/tools/cut_plex_kodi_specs.py PLEX_YAML KODI_METHODS_JSON KODI_TYPES_JSON

PLEX_YAML: LukeHagar/plex-api-spec ``plex-api-spec.yaml``. Kept: the operations below and the
closure of the ``#/components/...`` they reference, every value as it is in the original.
KODI_*: Kodi's ``methods.json`` and ``types.json`` (the copies shipped in PyPI kodi-cli 0.2.6).
Kept: the methods below and the closure of the type ids they reference (``$ref``, ``extends``, and a
``type`` naming a type id), verbatim. Kodi builds ``List.Filter.Fields.*`` and
``List.Filter.Operators`` at run time (they are in neither file); they are added under
``x-watchtracker-added`` and said to be so in SOURCES-plex-kodi.md.
Writes tests/fixtures/specs/plex-api-spec.json and kodi-jsonrpc.json and prints their sha256.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "specs"
PLEX_OPERATIONS = {
    "/": ["get"],
    "/identity": ["get"],
    "/library/sections/all": ["get"],
    "/library/sections/{sectionId}/all": ["get"],
    "/library/metadata/{ids}": ["get"],
    "/library/metadata/{ids}/allLeaves": ["get"],
    "/:/scrobble": ["put"],
    "/:/unscrobble": ["put"],
}
KODI_METHODS = [
    "JSONRPC.Version",
    "Application.GetProperties",
    "VideoLibrary.GetTVShows",
    "VideoLibrary.GetEpisodes",
    "VideoLibrary.GetEpisodeDetails",
    "VideoLibrary.SetEpisodeDetails",
]
# Built by Kodi at run time from its smart-playlist code (CSmartPlaylist); in neither schema file.
# Written from Kodi's wiki page "JSON-RPC_API/v12" (not verified against the C++ here).
KODI_ADDED = {
    "List.Filter.Operators": {
        "type": "string",
        "enum": [
            "contains",
            "doesnotcontain",
            "is",
            "isnot",
            "startswith",
            "endswith",
            "greaterthan",
            "lessthan",
            "after",
            "before",
            "inthelast",
            "notinthelast",
            "true",
            "false",
            "between",
        ],
    },
    "List.Filter.Fields.Episodes": {
        "type": "string",
        "enum": [
            "title",
            "tvshow",
            "plot",
            "votes",
            "rating",
            "time",
            "writers",
            "airdate",
            "playcount",
            "lastplayed",
            "inprogress",
            "genre",
            "year",
            "director",
            "actor",
            "episode",
            "season",
            "filename",
            "path",
            "studio",
            "mpaarating",
            "dateadded",
            "tag",
            "videoresolution",
            "audiochannels",
            "audiocount",
            "subtitlecount",
            "videocodec",
            "audiocodec",
            "audiolanguage",
            "subtitlelanguage",
            "videoaspect",
            "playlist",
            "virtualfolder",
        ],
    },
    "List.Filter.Fields.TVShows": {
        "type": "string",
        "enum": [
            "title",
            "originaltitle",
            "plot",
            "tvshowstatus",
            "votes",
            "rating",
            "year",
            "genre",
            "director",
            "actor",
            "numepisodes",
            "numwatched",
            "playcount",
            "path",
            "studio",
            "mpaarating",
            "dateadded",
            "lastplayed",
            "inprogress",
            "tag",
            "playlist",
            "virtualfolder",
        ],
    },
}


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.add(value)
            else:
                _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def cut_plex(spec: dict) -> dict:
    paths = {p: {m: spec["paths"][p][m] for m in methods} for p, methods in PLEX_OPERATIONS.items()}
    components: dict[str, dict] = {}
    todo: set[str] = set()
    _refs(paths, todo)
    done: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in done or not ref.startswith("#/components/"):
            continue
        done.add(ref)
        _, _, kind, name = ref.split("/", 3)
        value = spec["components"][kind][name]
        components.setdefault(kind, {})[name] = value
        _refs(value, todo)
    components["securitySchemes"] = spec["components"]["securitySchemes"]
    out = {k: spec[k] for k in ("openapi", "info", "servers", "security") if k in spec}
    out["paths"] = paths
    out["components"] = {k: dict(sorted(v.items())) for k, v in sorted(components.items())}
    return out


def _kodi_refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$ref", "extends") and isinstance(value, str):
                found.add(value)
            elif key == "extends" and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            elif key == "type" and isinstance(value, str) and "." in value:
                found.add(value)  # "ratings": {"type": "Video.Ratings"}
            else:
                _kodi_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _kodi_refs(value, found)


def cut_kodi(methods: dict, types: dict) -> dict:
    kept_methods = {name: methods[name] for name in KODI_METHODS}
    todo: set[str] = set()
    _kodi_refs(kept_methods, todo)
    kept: dict[str, Any] = {}
    while todo:
        name = todo.pop()
        if name in kept or name in KODI_ADDED:
            continue
        kept[name] = types[name]
        _kodi_refs(types[name], todo)
    return {
        "methods": kept_methods,
        "types": dict(sorted(kept.items())),
        "x-watchtracker-added": KODI_ADDED,
    }


def _write(name: str, data: dict) -> None:
    path = OUT / name
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(name, hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size)


def main(plex_yaml: str, kodi_methods: str, kodi_types: str) -> None:
    import yaml

    for source in (plex_yaml, kodi_methods, kodi_types):
        print("source", source, hashlib.sha256(Path(source).read_bytes()).hexdigest())
    _write("plex-api-spec.json", cut_plex(yaml.safe_load(Path(plex_yaml).read_text(encoding="utf-8"))))
    methods = json.loads(Path(kodi_methods).read_text(encoding="utf-8"))
    types = json.loads(Path(kodi_types).read_text(encoding="utf-8"))
    _write("kodi-jsonrpc.json", cut_kodi(methods, types))


if __name__ == "__main__":
    main(*sys.argv[1:4])
