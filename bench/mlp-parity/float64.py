#!/usr/bin/python3
"""al_models.py's campaign with its network computed in float64 instead of float32, nothing else changed.

    /usr/bin/python3 bench/mlp-parity/float64.py ../shared/reference CSV --minimize --models knn:shuf=1 \
        --seeds 0-9 --k 500 --strategy greedy [--out FILE] [--cache-dir DIR]

KerasLikeNN keeps its weights, targets, gradients and Adam's moments in float32 arrays (as Keras does) by naming
np.float32 in a handful of places. Here the module's `np` is a view of numpy whose float32 is float64, so every
one of those arrays, and each product and sum made from them, is float64. The initial weights are first rounded
to float32 so that each network starts where the shipped run's does; the random draws are the same. What moves
is only rounding: if this campaign finds what Alcove's (float32 sums, float64 gradients and Adam) does and less
than the shipped reference, the gap between the two is float32 rounding, not the algorithm.
"""
import os
import sys
import types

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one thread, as the bench runs it
import numpy as np  # noqa: E402

sys.path.insert(0, sys.argv.pop(1))
import al_models  # noqa: E402


class Float64Numpy(types.ModuleType):
    """numpy, except that float32 is float64."""

    float32 = np.float64

    def __getattr__(self, name):
        return getattr(np, name)


class Float64NN(al_models.KerasLikeNN):
    def _init(self, d_in):
        super()._init(d_in)
        # The same start as the float32 run: its draws rounded to float32, then held in float64.
        self.W = [w.astype(np.float32).astype(np.float64) for w in self.W]


if __name__ == "__main__":
    al_models.np = Float64Numpy("numpy")
    al_models.KerasLikeNN = Float64NN
    al_models.main()
