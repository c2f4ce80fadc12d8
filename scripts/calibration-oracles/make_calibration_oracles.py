#!/usr/bin/env python3
"""Writes test/unit/uncertainty/fixtures/calibration-oracles.json: adaptive ECE, classwise ECE and temperature scaling computed
independently of the extension with torch, transcribing the reference code:
- AdaptiveECELoss and ClasswiseECELoss of Mukhoti et al. 2020 (torrvision/focal_calibration, Metrics/metrics.py): equal-count
  edges np.interp(np.linspace(0, n, 16), np.arange(n), np.sort(conf)), membership conf > lower and conf <= upper (torch compares
  float32 confidences with the edges in float32); classwise over 15 equal-width bins torch.linspace(0, 1, 16), mean over classes.
- temperature scaling as gpleiss/temperature_scaling (temperature_scaling.py, set_temperature) fits it: nn.CrossEntropyLoss of
  logits / T, T a parameter starting at 1.5, optim.LBFGS(lr=0.01, max_iter=50); here in float64 with LBFGS's tolerances
  tightened (tolerance_grad 1e-12, tolerance_change 1e-15) and a strong-Wolfe line search (without it LBFGS steps T below 0
  on the underconfident case), stepped until T moves by less than 1e-13 (one 50-iteration step at the defaults stops ~1e-4
  short); cross-checked with scipy's bounded minimize_scalar.
Run with Debian's python (torch, scipy): /usr/bin/python3 scripts/calibration-oracles/make_calibration_oracles.py
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from scipy.optimize import minimize_scalar

N_BINS = 15


def histedges_equal_n(x):
    npt = len(x)
    return np.interp(np.linspace(0, npt, N_BINS + 1), np.arange(npt), np.sort(x))


def adaptive_ece(confidences, accuracies):
    """AdaptiveECELoss.forward after the softmax: confidences float32 [n], accuracies bool [n]."""
    _, bin_boundaries = np.histogram(confidences.numpy(), histedges_equal_n(confidences.numpy()))
    ece = torch.zeros(1, dtype=torch.float64)
    for bin_lower, bin_upper in zip(bin_boundaries[:-1], bin_boundaries[1:]):
        in_bin = confidences.gt(bin_lower.item()) * confidences.le(bin_upper.item())
        prop_in_bin = in_bin.double().mean()
        if prop_in_bin.item() > 0:
            accuracy_in_bin = accuracies[in_bin].double().mean()
            avg_confidence_in_bin = confidences[in_bin].double().mean()
            ece += torch.abs(avg_confidence_in_bin - accuracy_in_bin) * prop_in_bin
    return float(ece.item())


def classwise_ece(softmaxes, labels, num_classes):
    """ClasswiseECELoss.forward after the softmax, over every class of the model."""
    bin_boundaries = torch.linspace(0, 1, N_BINS + 1)
    per_class = []
    for i in range(num_classes):
        class_confidences = softmaxes[:, i]
        labels_in_class = labels.eq(i)
        class_sce = torch.zeros(1, dtype=torch.float64)
        for bin_lower, bin_upper in zip(bin_boundaries[:-1], bin_boundaries[1:]):
            in_bin = class_confidences.gt(bin_lower.item()) * class_confidences.le(bin_upper.item())
            prop_in_bin = in_bin.double().mean()
            if prop_in_bin.item() > 0:
                accuracy_in_bin = labels_in_class[in_bin].double().mean()
                avg_confidence_in_bin = class_confidences[in_bin].double().mean()
                class_sce += torch.abs(avg_confidence_in_bin - accuracy_in_bin) * prop_in_bin
        per_class.append(class_sce)
    return float(torch.cat(per_class).mean().item())


def fit_temperature(logits, labels):
    """gpleiss set_temperature in float64, LBFGS stepped to convergence."""
    logits = torch.tensor(logits, dtype=torch.float64)
    labels = torch.tensor(labels, dtype=torch.int64)
    nll = torch.nn.CrossEntropyLoss()
    temperature = torch.nn.Parameter(torch.ones(1, dtype=torch.float64) * 1.5)
    optimizer = torch.optim.LBFGS([temperature], lr=0.01, max_iter=50, tolerance_grad=1e-12, tolerance_change=1e-15, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = nll(logits / temperature, labels)
        loss.backward()
        return loss

    previous = None
    for _ in range(1000):
        optimizer.step(closure)
        t = temperature.item()
        if previous is not None and abs(t - previous) < 1e-13:
            break
        previous = t
    t = temperature.item()
    check = minimize_scalar(lambda v: nll(logits / v, labels).item(), bounds=(0.01, 100), method="bounded", options={"xatol": 1e-12})
    assert abs(check.x - t) < 1e-6 * t, (check.x, t)
    with torch.no_grad():
        return {"temperature": t, "nllBefore": nll(logits, labels).item(), "nllAfter": nll(logits / t, labels).item()}


def logits_case(rng, n, k, scale, name):
    labels = rng.integers(0, k, n)
    labels[-1] = k - 1  # every class index appears up to k - 1, as ClasswiseECELoss counts classes from the labels
    logits = np.round(rng.normal(0.0, scale, (n, k)) + 2.5 * np.eye(k)[np.where(rng.random(n) < 0.7, labels, rng.integers(0, k, n))], 4)
    return name, logits.astype(np.float32), labels


def main():
    rng = np.random.default_rng(1717)
    calibration_cases = []
    for name, logits, labels in [logits_case(rng, 120, 10, 1.5, "120 images, 10 classes"), logits_case(rng, 37, 4, 3.0, "37 images, 4 classes, overconfident"),
                                 logits_case(rng, 16, 3, 0.5, "16 images, 3 classes")]:
        softmaxes = F.softmax(torch.tensor(logits), dim=1)
        confidences, predictions = torch.max(softmaxes, 1)
        labels_t = torch.tensor(labels, dtype=torch.int64)
        accuracies = predictions.eq(labels_t)
        calibration_cases.append({
            "name": name, "classCount": int(logits.shape[1]), "labels": labels.tolist(),
            "logits": [float(v) for v in logits.ravel()],
            "probabilities": [float(v) for v in softmaxes.numpy().ravel()],
            "confidences": [float(v) for v in confidences.numpy()], "correct": accuracies.tolist(),
            "adaptiveEce": adaptive_ece(confidences, accuracies), "classwiseEce": classwise_ece(softmaxes, labels_t, logits.shape[1]),
            "temperature": fit_temperature(logits.astype(np.float64), labels),
        })
    # Tied confidences (two decimals): ties straddle the interpolated edges.
    tied = np.round(rng.uniform(0.3, 1.0, 45), 2).astype(np.float32)
    tied_correct = rng.random(45) < tied
    tied_case = {"name": "45 tied confidences", "confidences": [float(v) for v in tied], "correct": tied_correct.tolist(),
                 "adaptiveEce": adaptive_ece(torch.tensor(tied), torch.tensor(tied_correct))}
    target = os.path.join(os.path.dirname(__file__), "..", "..", "test", "unit", "uncertainty", "fixtures", "calibration-oracles.json")
    with open(target, "w") as f:
        json.dump({"generator": "scripts/calibration-oracles/make_calibration_oracles.py", "cases": calibration_cases, "tied": tied_case}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
