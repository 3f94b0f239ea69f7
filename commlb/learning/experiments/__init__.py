"""Memorization experiments at the paper's scale, in numpy.

Cluster labeling (n = N = 500, d = 1000 in the paper) with multiclass
logistic regression and a one-hidden-layer MLP, and a next-symbol
counterpart; black-box attacks that see only the model's score for a target
label recover the singleton training examples.  A named procedure
(:mod:`.procedures`: ``authors`` or ``fast``) fixes every training and attack
setting; runs repeat over seeds and every accuracy is a
:class:`commlb.info.Estimate` over them.

>>> from commlb.learning.experiments import run_cluster_labeling
>>> result = run_cluster_labeling(30, 60, procedure="authors", n_test=100, per_cluster=1)
>>> result.train_accuracy.value, result.procedure["attack"]
(1.0, 'sign')

References
----------
Brown, Bun, Feldman, Smith, Talwar, *When is memorization of irrelevant
training data necessary for high-accuracy learning?*, STOC 2021, sec. 6;
Brown et al., STOC 2021.
"""

from commlb.learning.experiments.attacks import coordinate_ascent, recovery_fractions, sign_attack
from commlb.learning.experiments.cluster_experiment import run_cluster_labeling
from commlb.learning.experiments.clusters import (
    ClusterLabelingData,
    cluster_weights,
    paper_rho,
    sample_cluster_labeling,
)
from commlb.learning.experiments.models import (
    MLP,
    LogisticRegression,
    nesterov_fit,
    score_function,
)
from commlb.learning.experiments.procedures import ATTACKS, PROCEDURES, Procedure, procedure
from commlb.learning.experiments.results import Checkpoint, ExperimentResult, Run, across_seeds

__all__ = [
    "ATTACKS",
    "Checkpoint",
    "ClusterLabelingData",
    "ExperimentResult",
    "LogisticRegression",
    "MLP",
    "PROCEDURES",
    "Procedure",
    "Run",
    "across_seeds",
    "cluster_weights",
    "coordinate_ascent",
    "nesterov_fit",
    "paper_rho",
    "procedure",
    "recovery_fractions",
    "run_cluster_labeling",
    "sample_cluster_labeling",
    "score_function",
    "sign_attack",
]
