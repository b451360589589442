"""Evaluation of trained AV models: retrieval, language invariance, linear probe, ablation."""
