#!/usr/bin/python3
"""The reference against itself: each network of a dump-reference.py dump trained again by al_models.py's
KerasLikeNN from the same start (initial weights, validation split) with other per-epoch row orders, which with
one full batch change only the order of its float32 sums (VARIANTs 1 and 2), and once in float64 (VARIANT 3).

    /usr/bin/python3 bench/mlp-parity/replay-reference.py ../shared/reference DUMP_DIR

Prints compare-dump.ts's fields per call and variant: how far the reference moves from its own dumped run
by rounding alone, the yardstick for Alcove's distance from it.
"""
import json
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one thread, as the bench runs it
import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

sys.path.insert(0, sys.argv[1])
import al_models  # noqa: E402

DUMP = sys.argv[2]


class Replay(al_models.KerasLikeNN):
    def __init__(self, prefix, order, variant, dtype):
        super().__init__(np.random.default_rng(1000 + variant), shuffle_split=True)
        self.prefix, self.order, self.dt, self.first, self.checks = prefix, order, dtype, True, []
        self._perm = self.rng.permutation
        self.rng = self  # permutation() below; uniform() for _init's draws, replaced at once

    def permutation(self, n):
        if self.first:
            self.first = False
            return self.order.copy()
        return self._perm(n)

    def uniform(self, lo, hi, shape):
        return np.zeros(shape)

    def _init(self, d_in):
        super()._init(d_in)
        self.W = [np.fromfile(self.prefix + f"W0_{l}.f32", np.float32).reshape(w.shape).astype(self.dt)
                  for l, w in enumerate(self.W)]
        self.b = [b.astype(self.dt) for b in self.b]

    def _forward(self, X, train_dropout=False):
        out = super()._forward(X, train_dropout)
        self.last = out[0]
        return out

    def _penalty(self):
        p = super()._penalty()
        Y = ((self.y - self.mean) / self.std).astype(self.dt)
        va = self.order[int(math.floor(len(self.y) * (1 - self.vs))):]
        self.checks.append(float(((self.last - Y[va]) ** 2).mean()) + p)
        return p


def read_csr(prefix, bits, dtype):
    ip = np.fromfile(prefix + "indptr.i32", np.int32)
    ix = np.fromfile(prefix + "indices.i32", np.int32)
    return sp.csr_matrix((np.ones(len(ix), dtype), ix, ip), shape=(len(ip) - 1, bits))


def main():
    meta = json.load(open(os.path.join(DUMP, "meta.json")))
    for c, call in enumerate(meta["calls"]):
        pre = os.path.join(DUMP, f"c{c}_")
        y = np.fromfile(pre + "y.f64")
        order = np.fromfile(pre + "order.i32", np.int32)
        ref = np.fromfile(pre + "pred.f64")
        ref_top = set(np.argsort(-ref)[:500].tolist())
        for variant, dtype in [(1, np.float32), (2, np.float32), (3, np.float64)]:
            net = Replay(pre, order, variant, dtype)
            net.y = y
            net.fit(read_csr(pre + "X_", meta["bits"], dtype), y)
            pred = net.predict(read_csr(pre + "P_", meta["bits"], dtype))
            rel = [abs(a - b) / b for a, b in zip(net.checks, call["val_loss"])]
            print(json.dumps({"call": c, "variant": variant, "dtype": np.dtype(dtype).name,
                              "epochs": net.epochs_run,
                              "firstCheckDiverging": next((i for i, d in enumerate(rel) if not d < 1e-5), -1),
                              "maxRelValLossDiff": max(rel), "predictionMaxDiff": float(np.abs(pred - ref).max()),
                              "top500Shared": len(ref_top & set(np.argsort(-pred)[:500].tolist()))}), flush=True)


if __name__ == "__main__":
    main()
