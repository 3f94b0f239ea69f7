"""Named training-and-attack procedures of the experiments, every setting exposed.

A :class:`Procedure` is the complete recipe of one run after the data are
drawn: how the model starts, how it is trained, which black-box attack is run
on which singleton examples, and how often the curve is recorded.  Two presets
per model:

``authors``
    The procedure of the authors' released experiment, restated from its
    published settings (our own numpy code): default uniform initialisation
    ``U(±1/√fan_in)`` of every layer; logistic regression trained by SGD with
    rate 0.1 and Nesterov momentum 0.99 for 50 full-batch steps with singletons
    duplicated once, attacked by the background sign attack (per coordinate a
    fresh uniform ±1 background, scores compared at ``x_i = ±1``, ties to −1,
    majority of 5 repeats); the MLP (d → 1500 sigmoid → N) trained by SGD with
    rate 3e-4 and Nesterov momentum 0.999 for 2000 full-batch steps, the rate
    times 0.3 from step 450, no duplication, attacked by coordinate ascent from a
    random ±1 start (flip a bit iff the score strictly increases, stop after a
    sweep without a flip, at most 10 sweeps); the first 3 singleton training
    rows are the targets; the curve is recorded every 2 steps (logistic) or 50
    (MLP).
``fast``
    commlb's earlier choices: zero initialisation (the MLP's output layer; its
    input layer ``N(0, 1/d)``), rate 1.0 / momentum 0.9 for logistic regression,
    rate 0.1 / momentum 0.9 with the rate times 0.1 at step 1500 for the MLP;
    the sign attack probes once at the zero vector (ties to +1) and coordinate
    ascent (the reported attack) starts at zero with at most 4 sweeps; all four
    attacks run on every singleton at the end, the sign attack on the first 32
    along the curve.

The next-symbol experiment has its own presets, ``paper`` and ``follow-up``
(:func:`next_symbol_procedure`), which also fix the task's size.

References
----------
Brown, Bun, Feldman, Smith, Talwar, *When is memorization of irrelevant
training data necessary for high-accuracy learning?*, STOC 2021, sec. 6.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from commlb.errors import InvalidParameterError

__all__ = ["Procedure", "PROCEDURES", "ATTACKS", "procedure", "NextSymbolProcedure",
           "NEXT_SYMBOL_PROCEDURES", "NEXT_SYMBOL_ATTACKS", "next_symbol_procedure"]

ATTACKS = ("sign", "sign-informed", "coordinate-ascent", "coordinate-ascent-informed")
INITS = ("uniform", "zeros")
STARTS = ("random", "zero")


@dataclass(frozen=True)
class Procedure:
    """Every setting of one cluster-labeling run after the data are drawn.

    Attributes
    ----------
    name : str
        The preset it came from (``authors``, ``fast``), or ``custom``.
    init : {"uniform", "zeros"}
        ``uniform``: every layer ``U(±1/√fan_in)`` (weights and biases);
        ``zeros``: logistic regression all zero, the MLP's output layer zero and
        its input layer ``N(0, 1/d)``.
    learning_rate, momentum : float
        Full-batch SGD with Nesterov momentum.
    schedule : tuple of (int, float)
        ``(step, factor)``: from that step on the rate is multiplied by factor.
    steps : int
        Number of full-batch steps.
    duplicate_singletons : bool
        Singleton training rows appear twice in the training set.
    attack : str
        The attack whose recovery is ``recovery_accuracy`` (one of :data:`ATTACKS`).
    extra_attacks : tuple of str
        Further attacks run on the trained model (reported beside it).
    curve_attack : str or None
        The attack recorded along the curve (``None``: ``attack``).
    attack_start : {"random", "zero"}
        Where the attack's queries start: uniform ±1 backgrounds (fresh per
        coordinate and repeat for the sign attack) or the zero vector.
    repeats : int
        Sign attack: independent backgrounds per coordinate, majority vote.
    ties : {-1, 1}
        Sign attack: the guess when both scores are equal.
    max_sweeps : int
        Coordinate ascent: at most this many sweeps.
    targets : int or None
        The first ``targets`` singleton training rows are attacked (``None``: all).
    curve_targets : int or None
        Targets attacked at the intermediate records (``None``: as ``targets``).
    record_every : int
        Steps between records of the curve.
    """

    name: str
    init: str
    learning_rate: float
    momentum: float
    schedule: tuple[tuple[int, float], ...]
    steps: int
    duplicate_singletons: bool
    attack: str
    extra_attacks: tuple[str, ...]
    curve_attack: str | None
    attack_start: str
    repeats: int
    ties: int
    max_sweeps: int
    targets: int | None
    curve_targets: int | None
    record_every: int

    def __post_init__(self) -> None:
        problems = []
        if self.init not in INITS:
            problems.append(f"init {self.init!r} is not one of {INITS}")
        if not self.learning_rate > 0:
            problems.append(f"learning_rate {self.learning_rate} must be > 0")
        if not 0 <= self.momentum < 1:
            problems.append(f"momentum {self.momentum} must lie in [0, 1)")
        if self.steps < 0:
            problems.append(f"steps {self.steps} must be >= 0")
        if any(step < 1 or not factor > 0 for step, factor in self.schedule):
            problems.append(f"schedule {list(self.schedule)} needs steps >= 1 and factors > 0")
        for attack in (self.attack, *self.extra_attacks, self.curve_attack or self.attack):
            if attack not in ATTACKS:
                problems.append(f"attack {attack!r} is not one of {ATTACKS}")
        if self.attack_start not in STARTS:
            problems.append(f"attack_start {self.attack_start!r} is not one of {STARTS}")
        if self.repeats < 1 or self.max_sweeps < 1 or self.record_every < 1:
            problems.append("repeats, max_sweeps and record_every must be >= 1")
        if self.ties not in (-1, 1):
            problems.append(f"ties {self.ties} must be -1 or +1")
        for key in ("targets", "curve_targets"):
            value = getattr(self, key)
            if value is not None and value < 1:
                problems.append(f"{key} {value} must be >= 1 (or None for all singletons)")
        if problems:
            raise InvalidParameterError("; ".join(problems))

    def rate_at(self, step: int) -> float:
        """The learning rate used by step ``step`` (1-based), after the schedule.

        Examples
        --------
        >>> p = procedure("authors", "mlp")
        >>> p.rate_at(449), round(p.rate_at(450), 12)
        (0.0003, 9e-05)
        """
        rate = self.learning_rate
        for start, factor in self.schedule:
            if step >= start:
                rate *= factor
        return rate

    def to_json(self) -> dict:
        """Every setting by name (``schedule`` as ``[[step, factor], ...]``)."""
        out = dataclasses.asdict(self)
        out["schedule"] = [list(entry) for entry in self.schedule]
        return out


PROCEDURES: dict[tuple[str, str], Procedure] = {
    ("authors", "logistic"): Procedure(
        "authors", "uniform", 0.1, 0.99, (), 50, True, "sign", (), None, "random", 5, -1, 10, 3,
        None, 2),
    ("authors", "mlp"): Procedure(
        "authors", "uniform", 3e-4, 0.999, ((450, 0.3),), 2000, False, "coordinate-ascent", (),
        None, "random", 5, -1, 10, 3, None, 50),
    ("fast", "logistic"): Procedure(
        "fast", "zeros", 1.0, 0.9, (), 50, True, "coordinate-ascent", ATTACKS, "sign", "zero", 1,
        1, 4, None, 32, 10),
    ("fast", "mlp"): Procedure(
        "fast", "zeros", 0.1, 0.9, ((1500, 0.1),), 2000, False, "coordinate-ascent", ATTACKS,
        "sign", "zero", 1, 1, 4, None, 32, 400),
}


def procedure(name: str = "authors", model: str = "logistic", **settings) -> Procedure:
    """The preset ``name`` for ``model`` with any setting replaced.

    Parameters
    ----------
    name : {"authors", "fast"}
        The preset.
    model : {"logistic", "mlp"}
        The model it trains.
    **settings
        Any :class:`Procedure` attribute; ``None`` keeps the preset's value.
        A changed preset is still named by its preset (the JSON lists every value).

    Returns
    -------
    Procedure

    Raises
    ------
    InvalidParameterError
        On an unknown preset, model or setting, or a value out of range.

    Examples
    --------
    >>> procedure("authors", "logistic").learning_rate
    0.1
    >>> procedure("fast", "mlp", steps=100).steps
    100
    """
    if (name, model) not in PROCEDURES:
        presets = sorted({p for p, _ in PROCEDURES})
        models = sorted({m for _, m in PROCEDURES})
        raise InvalidParameterError(f"no procedure {name!r} for model {model!r}; "
                                    f"presets {presets}, models {models}")
    changes = dict(settings)
    if changes.get("extra_attacks") is not None:
        changes["extra_attacks"] = tuple(changes["extra_attacks"])
    if changes.get("schedule") is not None:
        changes["schedule"] = tuple((int(s), float(f)) for s, f in changes["schedule"])
    keep = {key for key in ("targets", "curve_targets") if changes.get(key) == "all"}
    recipe = _replaced(PROCEDURES[name, model], {k: v for k, v in changes.items()
                                                 if k not in keep})
    return dataclasses.replace(recipe, **dict.fromkeys(keep)) if keep else recipe


def _replaced(recipe, settings: dict):
    """``recipe`` (a frozen dataclass) with ``settings`` replaced; ``None`` keeps a value."""
    fields = {f.name for f in dataclasses.fields(recipe)} - {"name"}
    unknown = sorted(set(settings) - fields)
    if unknown:
        raise InvalidParameterError(f"unknown setting {unknown[0]!r}; known: {sorted(fields)}")
    try:
        return dataclasses.replace(recipe, **{k: v for k, v in settings.items() if v is not None})
    except TypeError as exc:
        raise InvalidParameterError(f"bad procedure setting: {exc}") from None


NEXT_SYMBOL_ATTACKS = ("prefix-reference", "fresh-prefixes")
TRUNCATIONS = ("none", "uniform")


@dataclass(frozen=True)
class NextSymbolProcedure:
    """The task size and every setting of one next-symbol run.

    Attributes
    ----------
    name : str
        The preset it came from (``paper``, ``follow-up``).
    n, N, d : int
        Training strings, subpopulations (``N = n`` when None), string length.
    delta : float
        Each bit of an example is re-randomised with probability ``delta``
        (flipped with probability ``delta/2``).
    positions : str
        The law of a test query's position, a name of
        :func:`commlb.problems.training.position_law` (``all``: ``0..d-1``;
        ``nonempty``: ``1..d-1``).
    truncation : {"none", "uniform"}
        ``uniform``: each training string keeps its first ``L`` symbols, ``L``
        uniform on ``{2, ..., d}``; ``none``: strings are whole.
    train_positions : {"all", "nonempty"}
        The model is trained on every (prefix, next symbol) pair of each kept
        string, from position 0 (``all``) or 1 (``nonempty``) on.
    learning_rate, momentum, steps
        Full-batch gradient descent with Nesterov momentum.
    attack : {"prefix-reference", "fresh-prefixes"}
        ``prefix-reference``: the model's next symbol after each prefix of the
        target's reference string; ``fresh-prefixes``: the model's probability
        of a 1 after each prefix, averaged over ``attack_samples`` fresh noisy
        strings of the target's subpopulation, rounded.
    attack_samples : int
        Fresh strings per target for ``fresh-prefixes``.
    checkpoints : int
        Intermediate records of the curve (evenly spaced).
    curve_targets : int
        Singletons attacked at the intermediate records (all at the end).
    """

    name: str
    n: int
    N: int | None
    d: int
    delta: float
    positions: str
    truncation: str
    train_positions: str
    learning_rate: float
    momentum: float
    steps: int
    attack: str
    attack_samples: int
    checkpoints: int
    curve_targets: int

    def __post_init__(self) -> None:
        problems = []
        if self.n < 1 or self.d < 2 or (self.N is not None and self.N < 1):
            problems.append(f"sizes need n >= 1, N >= 1 and d >= 2 (got {self.n}, {self.N}, "
                            f"{self.d})")
        if not 0 <= self.delta <= 1:
            problems.append(f"delta {self.delta} must lie in [0, 1]")
        if self.truncation not in TRUNCATIONS:
            problems.append(f"truncation {self.truncation!r} is not one of {TRUNCATIONS}")
        if self.train_positions not in ("all", "nonempty"):
            problems.append(f"train_positions {self.train_positions!r} is not all or nonempty")
        if not self.learning_rate > 0 or not 0 <= self.momentum < 1 or self.steps < 0:
            problems.append("training needs learning_rate > 0, momentum in [0, 1), steps >= 0")
        if self.attack not in NEXT_SYMBOL_ATTACKS:
            problems.append(f"attack {self.attack!r} is not one of {NEXT_SYMBOL_ATTACKS}")
        if self.attack_samples < 1 or self.checkpoints < 0 or self.curve_targets < 1:
            problems.append("attack_samples and curve_targets must be >= 1, checkpoints >= 0")
        if problems:
            raise InvalidParameterError("; ".join(problems))

    def to_json(self) -> dict:
        """Every setting by name."""
        return dataclasses.asdict(self)

    def replaced(self, **settings) -> NextSymbolProcedure:
        """This procedure with the given settings replaced (``None`` keeps a value).

        Examples
        --------
        >>> next_symbol_procedure("follow-up").replaced(steps=10, d=None).steps
        10
        """
        return _replaced(self, settings)


NEXT_SYMBOL_PROCEDURES: dict[str, NextSymbolProcedure] = {
    "paper": NextSymbolProcedure(
        "paper", n=100, N=None, d=1000, delta=0.25, positions="all", truncation="none",
        train_positions="all", learning_rate=1.0, momentum=0.9, steps=50,
        attack="prefix-reference", attack_samples=1, checkpoints=4, curve_targets=32),
    "follow-up": NextSymbolProcedure(
        "follow-up", n=100, N=None, d=500, delta=0.05, positions="nonempty",
        truncation="uniform", train_positions="nonempty", learning_rate=1.0, momentum=0.9,
        steps=50, attack="fresh-prefixes", attack_samples=100, checkpoints=4, curve_targets=32),
}


def next_symbol_procedure(name: str = "paper", **settings) -> NextSymbolProcedure:
    """The next-symbol preset ``name`` with any setting replaced.

    ``paper``
        Whole training strings (the paper's sec. 3 setting) of length 1000,
        ``n = N = 100``, ``delta = 1/4``, test positions uniform on ``0..d-1``,
        the prefix-reference attack.
    ``follow-up``
        The follow-up restatement of the task: ``d = 500``, ``n = N = 100``,
        ``delta = 0.05``, each training string truncated at a length uniform on
        ``{2..d}`` and trained on every prefix position ``1..L-1``, test
        positions uniform on ``1..d-1``; the attack averages the model's
        prediction over 100 fresh noisy strings of the target's subpopulation.
        The model (both presets) is :class:`~.next_symbol.CausalLogistic`, a
        linear autoregressive model: one weight per (earlier position, position)
        pair, a convex loss, numpy only, and enough parameters (``d(d+1)/2``) to
        fit every training string.

    Parameters
    ----------
    name : {"paper", "follow-up"}
    **settings
        Any :class:`NextSymbolProcedure` attribute; ``None`` keeps the preset's.

    Returns
    -------
    NextSymbolProcedure

    Raises
    ------
    InvalidParameterError
        On an unknown preset or setting, or a value out of range.

    Examples
    --------
    >>> next_symbol_procedure("follow-up").d, next_symbol_procedure(d=20).d
    (500, 20)
    """
    if name not in NEXT_SYMBOL_PROCEDURES:
        raise InvalidParameterError(f"no next-symbol procedure {name!r}; presets "
                                    f"{sorted(NEXT_SYMBOL_PROCEDURES)}")
    return NEXT_SYMBOL_PROCEDURES[name].replaced(**settings)
