#!/usr/bin/python3
"""Run al_models.py's `knn:shuf=1` campaign (one seed, MolPAL's protocol) and dump every network it trains.

    /usr/bin/python3 bench/mlp-parity/dump-reference.py ../shared/reference ../shared/datasets/Enamine50k_scores.csv.gz \
        OUT_DIR [SEED]

For training call c (one per acquired batch) OUT_DIR gets c<c>_*: the training matrix (X_indptr, X_indices:
CSR int32), its targets (y.f64, the reference's maximised objective), the validation split (order.i32: the
permutation whose first floor(0.8 n) are trained on), the initial weights (W0_<l>.f32, row-major input x unit),
the pool it then predicted (P_indptr, P_indices) and those predictions (pred.f64); meta.json lists the validation
loss of every check and the epochs run. compare-dump.ts trains Alcove's network from the same start. Nothing of
al_models.py is changed: KerasLikeNN is subclassed only to record. Keep OUT_DIR out of the repository (it holds
data derived from the data set).
"""
import json
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one thread, as the bench runs it
import numpy as np  # noqa: E402

REF, CSV, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
SEED = sys.argv[4] if len(sys.argv) > 4 else "0"
sys.path.insert(0, REF)
import al_models  # noqa: E402

calls = []


class RecordPermutation:
    """The network's generator, recording its first permutation (the validation split)."""

    def __init__(self, rng, rec):
        self._rng, self._rec = rng, rec

    def permutation(self, n):
        p = self._rng.permutation(n)
        self._rec.setdefault("order", p.copy())
        return p

    def __getattr__(self, name):
        return getattr(self._rng, name)


class Recording(al_models.KerasLikeNN):
    def fit(self, X, y):
        self.rec = {"y": np.asarray(y, np.float64).copy(), "vl": [], "X": X.copy()}
        self.rng = RecordPermutation(self.rng, self.rec)
        super().fit(X, y)
        self.rec["epochs_run"] = self.epochs_run
        calls.append(self.rec)
        return self

    def _init(self, d_in):
        super()._init(d_in)
        self.rec["W0"] = [w.copy() for w in self.W]

    def _forward(self, X, train_dropout=False):
        out = super()._forward(X, train_dropout)
        self._last = out[0]
        return out

    def _penalty(self):  # called once per check, right after the validation rows' forward pass
        p = super()._penalty()
        y = self.rec["y"]
        Y = ((y - self.mean) / self.std).astype(np.float32)
        va = self.rec["order"][int(math.floor(len(y) * (1 - self.vs))):]
        self.rec["vl"].append(float(((self._last - Y[va]) ** 2).mean()) + p)
        return p

    def predict(self, X, mc=False):
        out = super().predict(X, mc)
        self.rec["pred"], self.rec["P"] = out.copy(), X.copy()
        return out


def write_csr(X, prefix):
    X = X.tocsr()
    X.sort_indices()
    np.asarray(X.indptr, np.int32).tofile(prefix + "indptr.i32")
    np.asarray(X.indices, np.int32).tofile(prefix + "indices.i32")
    return X.shape[0]


def main():
    os.makedirs(OUT, exist_ok=True)
    al_models.KerasLikeNN = Recording
    sys.argv = ["al_models.py", CSV, "--minimize", "--models", "knn:shuf=1", "--seeds", SEED, "--k", "500",
                "--strategy", "greedy", "--out", os.path.join(OUT, "result.jsonl")]
    al_models.main()
    meta = {"bits": 2048, "seed": int(SEED), "calls": []}
    for c, rec in enumerate(calls):
        pre = os.path.join(OUT, f"c{c}_")
        rec["y"].tofile(pre + "y.f64")
        np.asarray(rec["order"], np.int32).tofile(pre + "order.i32")
        for l, w in enumerate(rec["W0"]):
            w.astype(np.float32).tofile(pre + f"W0_{l}.f32")
        rec["pred"].astype(np.float64).tofile(pre + "pred.f64")
        meta["calls"].append({"n": write_csr(rec["X"], pre + "X_"), "pool": write_csr(rec["P"], pre + "P_"),
                              "epochs_run": rec["epochs_run"], "val_loss": rec["vl"]})
    with open(os.path.join(OUT, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
