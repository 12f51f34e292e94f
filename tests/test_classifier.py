"""The learned PLOVER event-type classifier (tightrope.extract.classifier) and its retraining
script. The held-out sentences below were written for this file, separately from the training
set in knowledge/plover/training.jsonl, and never trained on."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tightrope.extract.actors import Mention
from tightrope.extract.classifier import (MODEL_PATH, TRAINING_PATH, EventClassifier,
                                          find_trigger)
from tightrope.records import PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[1]

# (type, trigger word, sentence)
HELD_OUT = [
    ("AGREE", "agreed", "Chile and Peru agreed to share data on fishing fleets in their waters."),
    ("AGREE", "signed", "Ghana signed a debt restructuring accord with its bilateral creditors."),
    ("AGREE", "pledged", "Oman pledged to keep the Strait of Hormuz open to all shipping."),
    ("CONSULT", "met", "The Swiss foreign minister met his Iranian counterpart in Geneva."),
    ("CONSULT", "visited", "Jordan's king visited Cairo for consultations on the Gaza crisis."),
    ("CONSULT", "talks", "Envoys from Sudan and South Sudan held talks on oil transit fees in Juba."),
    ("SUPPORT", "praised", "The Dutch government praised Estonia's digital reforms."),
    ("SUPPORT", "welcomed", "Brazil welcomed the election of a new leader for the Mercosur bloc."),
    ("SUPPORT", "endorsed", "Malaysia endorsed Timor-Leste's membership of ASEAN."),
    ("CONCEDE", "lifted", "Uzbekistan lifted its restrictions on cotton exports to Russia."),
    ("CONCEDE", "released", "Eritrea released three Swedish journalists after years in detention."),
    ("CONCEDE", "eased", "Vietnam eased visa rules for visitors from the European Union."),
    ("COOPERATE", "exercises", "Indian and Egyptian commandos held joint exercises in the desert."),
    ("COOPERATE", "extradited", "Thailand extradited a wanted drug lord to Laos."),
    ("COOPERATE", "shared", "Jordan shared intelligence with Iraq about a planned bombing."),
    ("AID", "donated", "Qatar donated fuel to Lebanon's army to keep its vehicles running."),
    ("AID", "sent", "Sweden sent Gripen trainers and spare parts to Ukraine's air force."),
    ("AID", "aid", "The European Union announced humanitarian aid for flood victims in Pakistan."),
    ("RETREAT", "withdrew", "Rwandan troops withdrew from eastern Congo under the accord."),
    ("RETREAT", "pulled", "Russian troops pulled out of the Syrian air base at Qamishli."),
    ("RETREAT", "surrendered", "Hundreds of rebel fighters surrendered to the army in Mindanao."),
    ("REQUEST", "urged", "The Arab League urged Iraq to protect its Christian minority."),
    ("REQUEST", "asked", "Moldova asked Romania for emergency gas supplies."),
    ("REQUEST", "demanded", "Lithuania demanded that Belarus stop the smuggling balloons."),
    ("ACCUSE", "accused", "Colombia accused Venezuela of sheltering guerrilla commanders."),
    ("ACCUSE", "condemned", "Norway condemned the execution of a Norwegian citizen in Iran."),
    ("ACCUSE", "blamed", "Sudan blamed the United Arab Emirates for arming the paramilitaries."),
    ("REJECT", "rejected", "Guatemala rejected Belize's proposal to redraw the maritime boundary."),
    ("REJECT", "refused", "Hungary refused to hand over the fugitive Polish politician."),
    ("REJECT", "vetoed", "China vetoed a draft resolution on North Korea's missile tests."),
    ("THREATEN", "threatened", "Kosovo's neighbour threatened to close the border crossings."),
    ("THREATEN", "warned", "Tehran warned Baku that it would respond to any Israeli presence on its border."),
    ("THREATEN", "threatened", "The junta threatened to expel foreign mining companies."),
    ("PROTEST", "protested", "Thousands of Mexicans protested in the capital against judicial reform."),
    ("PROTEST", "marched", "Slovaks marched through Bratislava against the government's Russia policy."),
    ("PROTEST", "rallied", "Hong Kong residents rallied outside the legislature against the security law."),
    ("SANCTION", "sanctions", "Canada imposed sanctions on Iranian officials over the crackdown."),
    ("SANCTION", "expelled", "The Czech Republic expelled eighteen Russian diplomats."),
    ("SANCTION", "tariffs", "Mexico raised tariffs on Chinese cars to fifty percent."),
    ("MOBILIZE", "deployed", "Armenia deployed additional troops along its southern border."),
    ("MOBILIZE", "mobilised", "Guyana mobilised its defence force after Venezuelan incursions."),
    ("MOBILIZE", "alert", "Taiwan put its navy on high alert as Chinese carriers approached."),
    ("COERCE", "arrested", "Kazakh police arrested dozens of protesters in Almaty."),
    ("COERCE", "detained", "Russia detained a French researcher on charges of collecting military data."),
    ("COERCE", "seized", "Libyan authorities seized a Maltese fishing trawler."),
    ("ASSAULT", "attacked", "Militants attacked a police station in Burkina Faso."),
    ("ASSAULT", "killed", "A drone strike killed three commanders of the armed group in Somalia."),
    ("ASSAULT", "shelled", "Sudanese army artillery shelled neighbourhoods of Omdurman."),
]


@pytest.fixture(scope="module")
def classifier():
    return EventClassifier.load()


def _parse(nlp, text: str, trigger: str):
    doc = nlp(text)
    token = find_trigger(doc[:], trigger)
    assert token is not None, (trigger, text)
    return token.sent, token


def test_model_loads_fast_and_is_cached():
    from tightrope.extract import classifier as module

    module._load_cached.cache_clear()
    started = time.perf_counter()
    model = EventClassifier.load()
    assert time.perf_counter() - started < 0.2
    assert EventClassifier.load() is model
    assert sorted(model.classes) == sorted(PLOVER_TYPES)
    assert model.meta["n_examples"] >= 30 * 16
    assert 0.0 < model.meta["cross_validation"]["accuracy"] <= 1.0


def test_predict_returns_every_type_with_probabilities(nlp, classifier):
    sent, trigger = _parse(nlp, "Peru recalled its ambassador from Mexico.", "recalled")
    ranked = classifier.predict(sent, trigger)
    assert [t for t, _ in ranked] != [] and sorted(t for t, _ in ranked) == sorted(PLOVER_TYPES)
    probs = [p for _, p in ranked]
    assert probs == sorted(probs, reverse=True)
    assert abs(sum(probs) - 1.0) < 1e-5
    assert all(0.0 <= p <= 1.0 for p in probs)


def test_predict_accepts_mentions(nlp, classifier):
    sent, trigger = _parse(nlp, "Kenya asked Uganda to extend the pipeline to Lamu.", "asked")
    kenya = Mention(0, 1, 0, 5, "Kenya", "Kenya", "KEN", None)
    uganda = Mention(2, 3, 12, 18, "Uganda", "Uganda", "UGA", None)
    with_actors = classifier.predict(sent, trigger, kenya, uganda)
    assert with_actors[0][0] == "REQUEST"
    assert abs(sum(p for _, p in with_actors) - 1.0) < 1e-5


def test_held_out_sentences_mostly_right(nlp, classifier):
    wrong = []
    for expected, word, text in HELD_OUT:
        sent, trigger = _parse(nlp, text, word)
        best = classifier.predict(sent, trigger)[0][0]
        if best != expected:
            wrong.append((expected, best, text))
    accuracy = 1 - len(wrong) / len(HELD_OUT)
    assert accuracy >= 0.85, wrong


def test_held_out_sentences_are_not_in_the_training_set():
    training = {json.loads(line)["text"] for line in TRAINING_PATH.read_text().splitlines() if line}
    assert not training & {text for _, _, text in HELD_OUT}


def test_training_data_covers_every_type():
    rows = [json.loads(line) for line in TRAINING_PATH.read_text().splitlines() if line]
    counts = {t: sum(r["type"] == t for r in rows) for t in PLOVER_TYPES}
    assert min(counts.values()) >= 30, counts
    for row in rows:
        assert set(row) >= {"text", "type", "trigger", "source", "target"}
        assert row["trigger"].split()[0].casefold() in row["text"].casefold()


def test_retraining_script_writes_a_loadable_model(tmp_path, nlp):
    out = tmp_path / "small.npz"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_classifier.py"), "--per-type", "6",
         "--folds", "3", "--no-gsr", "--out", str(out)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    model = EventClassifier.from_file(out)
    assert model.meta["n_examples"] == 6 * 16
    assert model.meta["cross_validation"]["folds"] == 3
    sent, trigger = _parse(nlp, "Angola signed a gas accord with Namibia.", "signed")
    probs = model.scores(sent, trigger)
    assert probs.shape == (16,) and abs(float(np.sum(probs)) - 1.0) < 1e-5
    assert out.stat().st_size < MODEL_PATH.stat().st_size * 2


def test_unreadable_model_is_a_user_error(tmp_path):
    from tightrope.errors import TightropeError

    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(TightropeError):
        EventClassifier.from_file(bad)
