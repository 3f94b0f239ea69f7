"""The checker's own statements of the catalogue families: laws, costs and structure.

A certificate that names a family (``{"problem": name, "params": {...}}``) is checked
against the statement built HERE, from closed forms (:mod:`commlb.certificates.laws`),
never by the solver's problem code: a solver that solved a wrong law produces a
certificate this checker rejects.  This is the one module of the checker that reads
family names; the others ask for facts:

* :func:`family` -- a :class:`Family` descriptor with capability fields
  (``prefix_tree``, ``index_codes``, ``hamming``, ``relaxes``, ``chain_rule``,
  ``product_flip``, ``uniform_alice``);
* :func:`statement` -- validated parameters and the sizes ``(|X|, |Y|, |O|)``,
  computed from the parameters alone and refused above :data:`MAX_ALPHABET`
  before anything is built; :func:`sizes` adds ``log2`` of the number of
  decision functions;
* :func:`alice_law`, :func:`xy_matrix`, :func:`cost_table`, :func:`output_alphabet`,
  :func:`distortion_scaled`, :func:`function_table` -- the exact arrays, in the same
  alphabet orders as :mod:`commlb.problems` (tests/test_certificates_statements.py
  compares them), built only below :data:`MAX_LAW` entries;
* :func:`relaxation` (Noisy Augmented Index -> Augmented Index with its noise
  ``q = δ - δ²/2``), :func:`hamming_form` (Gap-Hamming's ``(d, ρ)``),
  :func:`flip_noise` (the per-bit noise under which a product flip channel errs).

>>> s = statement("augmented-index", {"d": 12})
>>> s.sizes, s.family.prefix_tree, sizes("augmented-index", {"d": 12})[3]
((4096, 4095, 2), True, 4095.0)
>>> statement("my-problem", {})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
commlb.errors.CertificateError: the checker has no statement of problem 'my-problem'; embed the program ...
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from commlb.certificates import laws
from commlb.certificates.schema import integer, rational, short
from commlb.errors import CertificateError

__all__ = ["Family", "Statement", "MAX_D", "MAX_ALPHABET", "MAX_LAW", "MAX_TABLE", "family",
           "statement", "sizes", "alice_law", "xy_matrix", "cost_table", "output_alphabet",
           "distortion_scaled", "function_table", "relaxation", "hamming_form", "hamming_family",
           "flip_noise"]

MAX_D = 64  # any length / count parameter
MAX_ALPHABET = 2**24  # |X| and |Y| of any statement the checker accepts
MAX_LAW = 2**22  # |X|·|Y|·|T| of a law the checker builds
MAX_TABLE = 2**24  # |X|·|O|^|Y| of a distortion table the checker builds


@dataclass(frozen=True)
class Family:
    """One family's descriptor: its parameters, capabilities and builders."""

    name: str
    parameters: tuple[str, ...]
    read: Callable[[dict], dict]
    shape: Callable[[dict], tuple[int, int, int]]
    build: Callable[[dict], laws.Law]
    uniform_alice: bool = False
    prefix_tree: bool = False  # Bob's symbols: the binary prefix tree of depth d
    index_codes: bool = False  # a decision function is a code word of {0,1}^d
    hamming: bool = False  # Gap-Hamming's closed form (d, ρ)
    relaxes: bool = False  # a noisy copy of the prefix-tree family
    chain_rule: bool = False  # the internal chain-rule bound is proved for it
    product_flip: bool = False  # product flip channels: error q + (1 - 2q)α


@dataclass(frozen=True)
class Statement:
    """A family at validated parameters, with its sizes ``(|X|, |Y|, |O|)``."""

    family: Family
    params: dict
    sizes: tuple[int, int, int]

    @property
    def name(self) -> str:
        return self.family.name

    @property
    def log2_functions(self) -> float:
        """``log2 |O|^|Y|``."""
        _, ny, no = self.sizes
        return ny * math.log2(no) if no > 1 else 0.0

    def key(self) -> str:
        """A canonical text of the statement (for caching)."""
        return json.dumps([self.name, {k: str(v) for k, v in self.params.items()}], sort_keys=True)


def _d(p) -> int:
    return integer(p.get("d"), "the parameter d", 1, MAX_D)


def _prob(p, key) -> Fraction:
    return rational(p.get(key), f"the parameter {key}", 0, 1)


def _choice(p, key, options, default) -> str:
    value = p.get(key, default)
    if not isinstance(value, str) or value.strip().lower() not in options:
        raise CertificateError(f"the parameter {key} must be one of {', '.join(options)}, "
                               f"got {short(value)}")
    return value.strip().lower()


def _read_singletons(p) -> dict:
    k = integer(p.get("k"), "the parameter k", 1, MAX_D)
    component = _choice(p, "component", ("cluster", "next-symbol"), None)
    out = {"k": k, "component": component, "d": _d(p)}
    if component == "cluster":
        if "delta" in p or "training" in p:
            raise CertificateError("component cluster takes d, rho, labels, not delta or training")
        out["rho"] = _prob(p, "rho")
        labels = p.get("labels", "index")
        out["labels"] = "index" if isinstance(labels, str) and labels.strip().lower() == "index" \
            else integer(labels, "the parameter labels", 1, 2**20)
    else:
        if "rho" in p or "labels" in p:
            raise CertificateError("component next-symbol takes d, delta, training, not rho or labels")
        out["delta"] = _prob(p, "delta")
        out["training"] = _choice(p, "training", ("whole", "cut"), "whole")
    return out


def _singletons_shape(p) -> tuple[int, int, int]:
    d, k = p["d"], p["k"]
    if p["component"] == "cluster":
        index = p["labels"] == "index"
        per_slot, targets = (2**d, k) if index else (2**d * p["labels"], p["labels"])
        return per_slot**k, 2**d, targets
    per_slot = 2**d if p["training"] == "whole" else 2 ** (d + 1) - 2
    return per_slot**k, 2**d - 1, 2


def _singletons_law(p) -> laws.Law:
    k, d = p["k"], p["d"]
    if p["component"] == "cluster":
        labels = None if p["labels"] == "index" else p["labels"]
        return laws.singletons_law(k, laws.cluster_component(k, d, p["rho"], labels))
    return laws.singletons_law(k, laws.next_symbol_component(k, d, p["delta"],
                                                             p["training"] == "whole"))


def _read_promise(p) -> dict:
    d = _d(p)
    return {"d": d, "g": integer(p.get("g"), "the parameter g", 1, d),
            "law": _choice(p, "law", ("promise", "uniform"), "promise")}


def _read_multi(p) -> dict:
    return {"k": integer(p.get("k"), "the parameter k", 1, MAX_D), "d": _d(p),
            "rho": _prob(p, "rho"), "task": _choice(p, "task", ("decide", "identify"), "decide")}


_FAMILIES = {f.name: f for f in [
    Family("index", ("d",), lambda p: {"d": _d(p)}, lambda p: (2 ** p["d"], p["d"], 2),
           lambda p: laws.index_law(p["d"]), uniform_alice=True, index_codes=True,
           product_flip=True),
    Family("augmented-index", ("d",), lambda p: {"d": _d(p)},
           lambda p: (2 ** p["d"], 2 ** p["d"] - 1, 2), lambda p: laws.augmented_index_law(p["d"]),
           uniform_alice=True, prefix_tree=True, chain_rule=True, product_flip=True),
    Family("noisy-augmented-index", ("d", "delta"), lambda p: {"d": _d(p), "delta": _prob(p, "delta")},
           lambda p: (2 ** p["d"], 2 ** p["d"] - 1, 2),
           lambda p: laws.noisy_augmented_index_law(p["d"], p["delta"]),
           uniform_alice=True, relaxes=True, product_flip=True),
    Family("gap-hamming", ("d", "rho"), lambda p: {"d": _d(p), "rho": _prob(p, "rho")},
           lambda p: (2 ** p["d"], 2 ** p["d"], 2), lambda p: laws.gap_hamming_law(p["d"], p["rho"]),
           uniform_alice=True, hamming=True),
    Family("gap-hamming-promise", ("d", "g", "law"), _read_promise,
           lambda p: (2 ** p["d"], 2 ** p["d"], 2),
           lambda p: laws.gap_hamming_promise_law(p["d"], p["g"], p["law"] == "uniform")),
    Family("equality", ("d",), lambda p: {"d": _d(p)}, lambda p: (2 ** p["d"], 2 ** p["d"], 2),
           lambda p: laws.equality_law(p["d"]), uniform_alice=True),
    Family("singletons", ("k", "component", "d", "rho", "labels", "delta", "training"),
           _read_singletons, _singletons_shape, _singletons_law),
    Family("multi-sample-gap-hamming", ("k", "d", "rho", "task"), _read_multi,
           lambda p: (2 ** (p["d"] * p["k"]), 2 ** p["d"], 2 if p["task"] == "decide" else p["k"]),
           lambda p: laws.multi_sample_law(p["k"], p["d"], p["rho"], p["task"] == "identify"),
           uniform_alice=True),
]}


def family(name: object) -> Family:
    """The descriptor of a family the checker knows; a one-line refusal otherwise.

    >>> family("index").index_codes, family("gap-hamming").hamming
    (True, True)
    """
    found = _FAMILIES.get(name) if isinstance(name, str) else None
    if found is None:
        raise CertificateError(f"the checker has no statement of problem {short(name)}; embed the "
                               "program instead (a source {\"program\": {...}}, as commlb writes for "
                               "a problem built by hand)")
    return found


def statement(name: object, params: object) -> Statement:
    """The family ``name`` at ``params``, validated, its sizes refused above the limits.

    >>> statement("index", {"d": 25})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: index at these parameters has |X| = 33554432, |Y| = 25, above ...
    """
    fam = family(name)
    if not isinstance(params, dict):
        raise CertificateError(f"the parameters of {fam.name} must be a JSON object")
    unknown = sorted(set(params) - set(fam.parameters))
    if unknown:
        raise CertificateError(f"{fam.name} takes parameters {', '.join(fam.parameters)}, not "
                               f"{', '.join(map(short, unknown))}")
    read = fam.read(params)
    nx, ny, no = fam.shape(read)
    if nx > MAX_ALPHABET or ny > MAX_ALPHABET:
        raise CertificateError(f"{fam.name} at these parameters has |X| = {short(nx)}, |Y| = "
                               f"{short(ny)}, above the checker's limit {MAX_ALPHABET} per alphabet")
    return Statement(fam, read, (nx, ny, no))


def sizes(name: object, params: object) -> tuple[int, int, int, float]:
    """``(|X|, |Y|, |O|, log2 of the number of decision functions)``, from params alone.

    >>> sizes("gap-hamming", {"d": 2, "rho": "1/2"})
    (4, 4, 2, 4.0)
    """
    s = statement(name, params)
    return (*s.sizes, s.log2_functions)


_CACHE: OrderedDict[str, tuple] = OrderedDict()


def _joint(s: Statement):
    """``(μ as an (X, Y, T) object array, loss (T, O), outputs)``, built once per statement."""
    key = s.key()
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    nx, ny, no = s.sizes
    if nx * ny * max(3, no) > MAX_LAW:
        raise CertificateError(f"{s.name}: building its law needs |X|·|Y|·|T| = "
                               f"{short(nx * ny * max(3, no))} entries, above the checker's "
                               f"limit {MAX_LAW}")
    law = s.family.build(s.params)
    ix = {x: i for i, x in enumerate(law.alice)}
    iy = {y: j for j, y in enumerate(law.bob)}
    it = {t: a for a, t in enumerate(law.targets)}
    joint = np.full((len(law.alice), len(law.bob), len(law.targets)), Fraction(0), dtype=object)
    for (x, y, t), mass in law.joint.items():
        joint[ix[x], iy[y], it[t]] += mass
    loss = np.array([[law.loss(t, o) for o in law.outputs] for t in law.targets], dtype=object)
    _CACHE[key] = (joint, loss, tuple(law.outputs))
    while len(_CACHE) > 4:
        _CACHE.popitem(last=False)
    return _CACHE[key]


def alice_law(s: Statement) -> list[Fraction]:
    """``p(x)`` in Alice's alphabet order (closed form for uniform families).

    >>> alice_law(statement("index", {"d": 1}))
    [Fraction(1, 2), Fraction(1, 2)]
    """
    if s.family.uniform_alice:
        return [Fraction(1, s.sizes[0])] * s.sizes[0]
    return [Fraction(v) for v in _joint(s)[0].sum(axis=(1, 2))]


def xy_matrix(s: Statement) -> np.ndarray:
    """``p(x, y)`` (object array of Fractions).

    >>> xy_matrix(statement("index", {"d": 1})).tolist()
    [[Fraction(1, 2)], [Fraction(1, 2)]]
    """
    return _joint(s)[0].sum(axis=2)


def output_alphabet(s: Statement) -> tuple:
    """Bob's outputs, in the order decision functions index them.

    >>> output_alphabet(statement("gap-hamming-promise", {"d": 2, "g": 2}))
    (-1, 1)
    """
    return tuple(_joint(s)[2])


def cost_table(s: Statement) -> np.ndarray:
    """``C[x, y, o] = Σ_t μ(y, t | x) loss(t, o)`` (Fractions; 0 where ``p(x) = 0``).

    >>> cost_table(statement("index", {"d": 1}))[:, 0, :].tolist()
    [[Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(0, 1)]]
    """
    joint, loss, _ = _joint(s)
    cost = np.tensordot(joint, loss, axes=([2], [0]))
    for i, p in enumerate(joint.sum(axis=(1, 2))):
        cost[i] = cost[i] / p if p != 0 else cost[i] * 0
    return cost


def distortion_scaled(s: Statement) -> tuple[list[Fraction], np.ndarray, int]:
    """``(p_x, D_int, L)`` with ``D[x, g] = D_int[x, g]/L``, functions lexicographic.

    ``D_int`` is int64 only when every entry and partial sum is provably below
    ``2^62``; otherwise Python ints.  Refused above :data:`MAX_TABLE` entries.

    >>> p_x, d_int, scale = distortion_scaled(statement("index", {"d": 2}))
    >>> d_int[0].tolist(), scale
    ([0, 1, 1, 2], 2)
    """
    nx, ny, no = s.sizes
    if s.log2_functions + math.log2(nx) > math.log2(MAX_TABLE):
        raise CertificateError(f"{s.name}: its distortion table has |X|·|O|^|Y| = {nx}·2^"
                               f"{s.log2_functions:.4g} entries, above the checker's limit {MAX_TABLE}")
    joint, loss, _ = _joint(s)
    scale = math.lcm(*{Fraction(v).denominator for v in joint.flat})
    numer = np.array([[[int(v * scale) for v in cell] for cell in row] for row in joint], dtype=object)
    cost = np.tensordot(numer, loss, axes=([2], [0]))
    mass = [int(m) for m in numer.sum(axis=(1, 2))]
    common = math.lcm(*[m for m in mass if m]) if any(mass) else 1
    factors = np.array([common // m if m else 0 for m in mass], dtype=object)
    scaled = cost * factors[:, None, None]
    out = scaled[:, 0, :]
    for j in range(1, ny):
        out = (out[:, :, None] + scaled[:, j, None, :]).reshape(nx, -1)
    top = max(int(v) for v in scaled.flat) if scaled.size else 0
    if top * ny < 2**62:
        out = out.astype(np.int64)
    p_x = [Fraction(m, scale) for m in mass]
    return p_x, np.ascontiguousarray(out), int(common)


def function_table(s: Statement) -> np.ndarray:
    """``G[k, j]``: output index of decision function ``k`` on Bob's symbol ``j``.

    >>> function_table(statement("index", {"d": 2})).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    _, ny, no = s.sizes
    count = no**ny
    if count > MAX_TABLE:
        raise CertificateError(f"{s.name}: {short(count)} decision functions, above {MAX_TABLE}")
    k = np.arange(count, dtype=np.int64)
    powers = no ** np.arange(ny - 1, -1, -1, dtype=np.int64)
    return (k[:, None] // powers[None, :]) % no


def relaxation(s: Statement) -> tuple[Statement, Fraction] | None:
    """``(clean statement, q)`` of a noisy family, or None.

    >>> clean, q = relaxation(statement("noisy-augmented-index", {"d": 3, "delta": "1/4"}))
    >>> clean.family.prefix_tree, q
    (True, Fraction(7, 32))
    """
    if not s.family.relaxes:
        return None
    delta = s.params["delta"]
    return statement("augmented-index", {"d": s.params["d"]}), delta - delta * delta / 2


def flip_noise(s: Statement) -> Fraction:
    """Per-bit noise ``q`` under which a product flip channel at rate α errs ``q + (1-2q)α``.

    >>> flip_noise(statement("index", {"d": 3}))
    Fraction(0, 1)
    """
    if not s.family.product_flip:
        raise CertificateError(f"product flip channels are not checked for {s.name}")
    found = relaxation(s)
    return Fraction(0) if found is None else found[1]


def hamming_family() -> str:
    """The name of the family with Gap-Hamming's closed form (for witnesses given params only).

    >>> family(hamming_family()).hamming
    True
    """
    return next(f.name for f in _FAMILIES.values() if f.hamming)


def hamming_form(s: Statement) -> tuple[int, Fraction]:
    """Gap-Hamming's ``(d, ρ)``.

    >>> hamming_form(statement("gap-hamming", {"d": 2, "rho": "1/3"}))
    (2, Fraction(1, 3))
    """
    if not s.family.hamming:
        raise CertificateError(f"the Gap-Hamming witnesses do not apply to {s.name}")
    return s.params["d"], s.params["rho"]
