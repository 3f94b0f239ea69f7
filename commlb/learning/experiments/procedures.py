"""Named training-and-attack procedures of the cluster-labeling experiment, every setting exposed.

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

References
----------
Brown, Bun, Feldman, Smith, Talwar, *When is memorization of irrelevant
training data necessary for high-accuracy learning?*, STOC 2021, sec. 6.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from commlb.errors import InvalidParameterError

__all__ = ["Procedure", "PROCEDURES", "ATTACKS", "procedure"]

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
    fields = {f.name for f in dataclasses.fields(Procedure)} - {"name"}
    unknown = sorted(set(settings) - fields)
    if unknown:
        raise InvalidParameterError(f"unknown setting {unknown[0]!r}; known: {sorted(fields)}")
    changes = {k: v for k, v in settings.items() if v is not None}
    if "extra_attacks" in changes:
        changes["extra_attacks"] = tuple(changes["extra_attacks"])
    if "schedule" in changes:
        changes["schedule"] = tuple((int(s), float(f)) for s, f in changes["schedule"])
    for key in ("targets", "curve_targets"):
        if changes.get(key) == "all":
            changes[key] = None
    try:
        return dataclasses.replace(PROCEDURES[name, model], **changes)
    except TypeError as exc:
        raise InvalidParameterError(f"bad procedure setting: {exc}") from None
