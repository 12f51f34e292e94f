import json

import pytest

from tightrope import nlp as nlp_module
from tightrope.errors import ModelError
from tightrope.records import Article


def test_model_meta_is_checked(tmp_path):
    (tmp_path / "meta.json").write_text(json.dumps({"lang": "en", "name": "core_web_lg", "version": "3.7.0"}))
    with pytest.raises(ModelError, match="expected spaCy model en_core_web_md 3.8.0"):
        nlp_module.check_meta(tmp_path, "md")


def test_load_is_cached_and_breaks_lines(nlp):
    assert nlp_module.load() is nlp
    doc = nlp("Diplomatic reset\n\nPakistan and China met in Beijing.")
    from tightrope.extract import sentences
    assert [s.text for s in sentences(doc)] == ["Diplomatic reset", "Pakistan and China met in Beijing."]


def test_document_record(extractor):
    article = Article(text="Pakistan and China met in Beijing. They agreed.", id="d1",
                      published="2025-05-01", outlet="demo")
    records = extractor.one(article).records
    doc = records[0]
    assert doc["kind"] == "document" and doc["doc_id"] == "d1"
    assert doc["n_sentences"] == 2 and doc["published"] == "2025-05-01"
