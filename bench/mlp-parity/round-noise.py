#!/usr/bin/python3
"""al_models.py's campaign with nothing changed but the order of the network's float32 sums.

    VARIANT=1 /usr/bin/python3 bench/mlp-parity/round-noise.py ../shared/reference CSV --minimize --models knn:shuf=1 \
        --seeds 0-2 --k 500 --strategy greedy [--out FILE]

KerasLikeNN draws a new row permutation every epoch; with one full batch (fewer than 4,096 training rows, as in
MolPAL's Enamine 50k protocol) that changes only the order in which the gradient's float32 sums run. Here those
per-epoch permutations come from another stream (VARIANT), while the validation split, the initial weights, the
first batch and everything else are the unchanged run's. The spread of the result over VARIANTs is the
reference's own rounding noise: the floor under any comparison of two implementations of this network.
VARIANT=0 is the control: it must reproduce al_models.py's own result exactly.
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one thread, as the bench runs it
import numpy as np  # noqa: E402

sys.path.insert(0, sys.argv.pop(1))
import al_models  # noqa: E402

VARIANT = int(os.environ["VARIANT"])


class OtherShuffles:
    """The first permutation (the split) and every other draw from the network's generator; later permutations
    (the per-epoch shuffles) from a stream of VARIANT and that generator's state, which is read, not advanced."""

    def __init__(self, rng):
        self._rng, self._first = rng, True
        # VARIANT 0, the control, draws everything from the network's own generator: the unchanged run exactly.
        alt_seed = [VARIANT, rng.bit_generator.state["state"]["state"] % (1 << 62)]
        self._alt = rng if VARIANT == 0 else np.random.default_rng(alt_seed)

    def permutation(self, n):
        if self._first:
            self._first = False
            return self._rng.permutation(n)
        return self._alt.permutation(n)

    def __getattr__(self, name):
        return getattr(self._rng, name)


class Perturbed(al_models.KerasLikeNN):
    def __init__(self, rng, **kw):
        super().__init__(OtherShuffles(rng), **kw)


if __name__ == "__main__":
    al_models.KerasLikeNN = Perturbed
    al_models.main()
