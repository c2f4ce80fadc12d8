#!/usr/bin/env python3
"""Writes test/unit/uncertainty/fixtures/ood-oracles.json: OOD detection metrics computed independently of the extension,
with numpy only, by re-implementing scikit-learn's formulas line for line (sklearn.metrics._ranking at 1.4):
_binary_clf_curve, roc_curve, precision_recall_curve and average_precision_score, plus OpenOOD's fpr_recall and AUPR-In/-Out
(openood/evaluators/metrics.py). Run: python3 scripts/ood-oracles/make_ood_oracles.py
"""
import json
import os

import numpy as np


def binary_clf_curve(y_true, y_score):
    """sklearn _binary_clf_curve: cumulative false/true positives at each distinct score, high to low."""
    order = np.argsort(y_score, kind="mergesort")[::-1]
    y_score = y_score[order]
    y_true = y_true[order]
    distinct_value_indices = np.where(np.diff(y_score))[0]
    threshold_idxs = np.r_[distinct_value_indices, y_true.size - 1]
    tps = np.cumsum(y_true)[threshold_idxs]
    fps = 1 + threshold_idxs - tps
    return fps, tps, y_score[threshold_idxs]


def roc_curve(y_true, y_score):
    """sklearn roc_curve with drop_intermediate=False (the kept points do not change argmax(tpr >= r))."""
    fps, tps, thresholds = binary_clf_curve(y_true, y_score)
    tps = np.r_[0, tps]
    fps = np.r_[0, fps]
    thresholds = np.r_[np.inf, thresholds]
    return fps / fps[-1], tps / tps[-1], thresholds


def precision_recall_curve(y_true, y_score):
    fps, tps, thresholds = binary_clf_curve(y_true, y_score)
    ps = tps + fps
    precision = np.divide(tps, ps, out=np.zeros_like(tps, dtype=float), where=(ps != 0))
    recall = tps / tps[-1]
    sl = slice(None, None, -1)
    return np.hstack((precision[sl], 1)), np.hstack((recall[sl], 0)), thresholds[sl]


def average_precision_score(y_true, y_score):
    """sklearn: AP = -sum(diff(recall) * precision[:-1]), step-wise, no interpolation."""
    precision, recall, _ = precision_recall_curve(y_true, y_score)
    return float(-np.sum(np.diff(recall) * np.array(precision)[:-1]))


def auroc(y_true, y_score):
    fpr, tpr, _ = roc_curve(y_true, y_score)
    return float(np.trapz(tpr, fpr)) if hasattr(np, "trapz") else float(np.trapezoid(tpr, fpr))


def ood_metrics(in_scores, out_scores):
    """OpenOOD's metrics with in-distribution positive; AUPR-Out negates the scores and makes OOD positive."""
    in_scores = np.asarray(in_scores, dtype=float)
    out_scores = np.asarray(out_scores, dtype=float)
    conf = np.r_[in_scores, out_scores]
    in_positive = np.r_[np.ones(in_scores.size), np.zeros(out_scores.size)]
    fpr, tpr, thresholds = roc_curve(in_positive, conf)
    at = int(np.argmax(tpr >= 0.95))
    return {
        "auroc": auroc(in_positive, conf),
        "fprAtTpr95": float(fpr[at]),
        "threshold": float(thresholds[at]),
        "auprIn": average_precision_score(in_positive, conf),
        "auprOut": average_precision_score(1 - in_positive, -conf),
    }


def score_functions(logits):
    """Per-row MSP, max logit and energy score logsumexp(logits) at T = 1 (higher = more in-distribution)."""
    logits = np.asarray(logits, dtype=float)
    peak = logits.max(axis=1, keepdims=True)
    lse = (peak + np.log(np.exp(logits - peak).sum(axis=1, keepdims=True)))[:, 0]
    return {"msp": np.exp(peak[:, 0] - lse).tolist(), "maxLogit": peak[:, 0].tolist(), "energy": lse.tolist()}


def main():
    rng = np.random.default_rng(17)
    cases = [
        {"name": "hand-worked ties", "in": [0.9, 0.8, 0.8], "out": [0.8, 0.1]},
        {"name": "separable", "in": [0.9, 0.7], "out": [0.5, 0.2]},
        {"name": "reversed", "in": [0.1, 0.2], "out": [0.9, 0.3]},
        {"name": "twenty in, four out", "in": [(i + 1) / 20 for i in range(20)], "out": [0.02, 0.07, 0.12, 0.5]},
        {"name": "coarse ties", "in": rng.integers(0, 6, 40).tolist(), "out": rng.integers(0, 4, 25).tolist()},
        {"name": "gaussian", "in": np.round(rng.normal(1.0, 1.0, 57), 6).tolist(), "out": np.round(rng.normal(0.0, 1.0, 31), 6).tolist()},
    ]
    for case in cases:
        case["expected"] = ood_metrics(case["in"], case["out"])
    in_logits = np.round(rng.normal(0.0, 2.0, (12, 5)) + 3.0 * np.eye(5)[rng.integers(0, 5, 12)], 4)
    out_logits = np.round(rng.normal(0.0, 1.5, (9, 5)), 4)
    in_scores, out_scores = score_functions(in_logits), score_functions(out_logits)
    logits_case = {
        "inLogits": in_logits.tolist(), "outLogits": out_logits.tolist(),
        "inScores": in_scores, "outScores": out_scores,
        "expected": {name: ood_metrics(in_scores[name], out_scores[name]) for name in in_scores},
    }
    target = os.path.join(os.path.dirname(__file__), "..", "..", "test", "unit", "uncertainty", "fixtures", "ood-oracles.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as f:
        json.dump({"generator": "scripts/ood-oracles/make_ood_oracles.py", "cases": cases, "logits": logits_case}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
